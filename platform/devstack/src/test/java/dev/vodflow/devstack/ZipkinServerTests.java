package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev stack's Zipkin under more spans than it keeps: it must drop the oldest traces and go on answering, not fill
 * its heap. With the earlier cap (200,000 spans in a 256 MB heap) it kept every span posted here and, under a
 * benchmark's traffic, ran out of memory.
 */
class ZipkinServerTests {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final int SPANS_PER_TRACE = 10;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void keepsTheNewestTracesAndAnswersAfterTwiceTheSpansItKeeps(@TempDir Path logs) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ZipkinServer zipkin = ZipkinServer.start(REPOSITORY, logs, port)) {
            zipkin.awaitUp();
            String base = "http://127.0.0.1:" + port;

            int traces = 2 * ZipkinServer.MAX_SPANS / SPANS_PER_TRACE;
            long startMicros = System.currentTimeMillis() * 1000 - traces * 1000L;
            List<String> spans = new ArrayList<>();
            for (int trace = 0; trace < traces; trace++) {
                for (int span = 0; span < SPANS_PER_TRACE; span++) {
                    spans.add(serverSpan(trace, span, startMicros + trace * 1000L));
                }
                if (spans.size() >= 500 || trace == traces - 1) {
                    HttpResponse<String> posted = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v2/spans"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", spans) + "]"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                    spans.clear();
                }
            }

            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> newest = get(base + "/api/v2/trace/" + traceId(traces - 1));
            assertThat(newest.statusCode()).isEqualTo(200);
            assertThat(newest.body().split("\"kind\"", -1)).hasSize(SPANS_PER_TRACE + 1);
            assertThat(get(base + "/api/v2/trace/" + traceId(0)).statusCode())
                    .as("the oldest trace is dropped once Zipkin holds %d spans", ZipkinServer.MAX_SPANS)
                    .isEqualTo(404);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String traceId(int trace) {
        return String.format("%032x", trace + 1L);
    }

    /** About what a service's HTTP server span carries (the tags Spring Boot's observation adds). */
    private static String serverSpan(int trace, int span, long timestampMicros) {
        String videoId = String.format("00000000-0000-4000-8000-%012d", trace);
        StringJoiner tags = new StringJoiner(",", "{", "}");
        tags.add("\"exception\":\"none\"")
                .add("\"http.url\":\"/videos/" + videoId + "\"")
                .add("\"method\":\"GET\"")
                .add("\"outcome\":\"SUCCESS\"")
                .add("\"status\":\"200\"")
                .add("\"uri\":\"/videos/{id}\"")
                .add("\"client.address\":\"127.0.0.1\"")
                .add("\"videoId\":\"" + videoId + "\"");
        return "{\"traceId\":\"" + traceId(trace) + "\""
                + ",\"id\":\"" + String.format("%016x", (long) trace * SPANS_PER_TRACE + span + 1) + "\""
                + (span == 0
                        ? ""
                        : ",\"parentId\":\"" + String.format("%016x", (long) trace * SPANS_PER_TRACE + 1) + "\"")
                + ",\"kind\":\"SERVER\",\"name\":\"http get /videos/{id}\""
                + ",\"timestamp\":" + (timestampMicros + span) + ",\"duration\":1250"
                + ",\"localEndpoint\":{\"serviceName\":\"catalog-service\",\"ipv4\":\"10.0.0.5\"}"
                + ",\"remoteEndpoint\":{\"ipv4\":\"127.0.0.1\",\"port\":51234}"
                + ",\"tags\":" + tags + "}";
    }
}
