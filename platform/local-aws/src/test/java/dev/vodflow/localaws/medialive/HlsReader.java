package dev.vodflow.localaws.medialive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A live HLS client over HTTP, as a player reads: it polls one media playlist every 200 ms with the viewer's cookies
 * and downloads each segment once, in order, starting three segments behind the live edge (hls.js's default hold
 * back). It records what it got, for the test to judge.
 */
final class HlsReader implements Runnable {

    /** One downloaded segment: sequence, program date-time, which origin served the playlist listing it. */
    record Received(long sequence, Instant programDateTime, String origin, Instant at, int bytes) {}

    /** One playlist fetch: when, which origin answered. */
    record Poll(Instant at, int status, String origin) {}

    private record Listed(long sequence, Instant programDateTime, String uri) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI playlist;
    private final String cookies;
    private final List<Received> received = new ArrayList<>();
    private final List<Poll> polls = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile boolean stop;
    private volatile boolean ended;

    HlsReader(URI playlist, String cookies) {
        this.playlist = playlist;
        this.cookies = cookies;
    }

    @Override
    public void run() {
        long next = -1;
        while (!stop && !ended) {
            try {
                HttpResponse<String> response = http.send(request(playlist), HttpResponse.BodyHandlers.ofString());
                String origin =
                        response.headers().firstValue("X-Vodflow-Edge-Origin").orElse("?");
                synchronized (this) {
                    polls.add(new Poll(Instant.now(), response.statusCode(), origin));
                }
                if (response.statusCode() == 200) {
                    List<Listed> listed = parse(response.body());
                    if (next < 0 && !listed.isEmpty()) {
                        next = listed.get(Math.max(0, listed.size() - 3)).sequence();
                    }
                    for (Listed segment : listed) {
                        if (segment.sequence() < next) {
                            continue;
                        }
                        HttpResponse<byte[]> bytes = http.send(
                                request(playlist.resolve(segment.uri())), HttpResponse.BodyHandlers.ofByteArray());
                        if (bytes.statusCode() != 200) {
                            problem("segment " + segment.sequence() + " answered " + bytes.statusCode());
                            break;
                        }
                        synchronized (this) {
                            received.add(new Received(
                                    segment.sequence(),
                                    segment.programDateTime(),
                                    origin,
                                    Instant.now(),
                                    bytes.body().length));
                        }
                        next = segment.sequence() + 1;
                    }
                    ended = response.body().contains("#EXT-X-ENDLIST");
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                problem(e.toString());
            }
        }
    }

    private synchronized void problem(String problem) {
        problems.add(Instant.now() + " " + problem);
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Cookie", cookies)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    static List<Listed> parse(String text) {
        List<Listed> listed = new ArrayList<>();
        long sequence = 0;
        Instant pdt = null;
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                pdt = OffsetDateTime.parse(line.substring(line.indexOf(':') + 1))
                        .toInstant();
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                listed.add(new Listed(sequence++, pdt, line));
                pdt = null;
            }
        }
        return listed;
    }

    void stop() {
        stop = true;
    }

    boolean ended() {
        return ended;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized List<Poll> polls() {
        return List.copyOf(polls);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
