package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutReceiverTests {

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aPostUnderHookIsAnsweredAtOnceAndHandedOnWithItsBodyAndArrival() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        try (FanOutReceiver receiver = FanOutReceiver.start((arrived, body) -> {
            arrivals.add(arrived);
            bodies.add(new String(body, StandardCharsets.UTF_8));
        })) {
            long before = System.currentTimeMillis();
            // two on one connection: the receiver keeps it open between them
            for (String body : List.of("{\"type\":\"video.updated\"}", "{\"n\":2}")) {
                HttpResponse<String> response =
                        http.send(post(receiver, "/hook/7", body), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(204);
            }

            assertThat(bodies).containsExactly("{\"type\":\"video.updated\"}", "{\"n\":2}");
            assertThat(arrivals)
                    .allSatisfy(arrived -> assertThat(arrived).isBetween(before, System.currentTimeMillis()));
        }
    }

    @Test
    void anotherPathOrMethodIsRefusedAndHandsNothingOn() throws Exception {
        List<byte[]> handed = Collections.synchronizedList(new ArrayList<>());
        try (FanOutReceiver receiver = FanOutReceiver.start((arrived, body) -> handed.add(body))) {
            assertThat(http.send(post(receiver, "/capacity", "{}"), HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(404);
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/hook/1"))
                    .GET()
                    .build();
            assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(405);

            assertThat(handed).isEmpty();
        }
    }

    private static HttpRequest post(FanOutReceiver receiver, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
