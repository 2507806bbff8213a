package dev.vodflow.live.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What MediaLive receives for an SRT listener input, which the pinned SDK cannot express by itself. */
class SrtListenerSettingsTests {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private MediaLiveClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"input\":{\"id\":\"1\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        client = MediaLiveClient.builder()
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new SrtListenerSettings()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void createAndUpdateCarryTheStreamIdAsSrtListenerSettings() throws Exception {
        client.createInput(r -> r.name("vodflow-ch_1-srt")
                .type(MediaLiveEncoder.SRT_LISTENER)
                .inputSecurityGroups("123456")
                .overrideConfiguration(o -> o.putExecutionAttribute(SrtListenerSettings.STREAM_ID, "the-key")));
        client.updateInput(r -> r.inputId("1")
                .overrideConfiguration(o -> o.putExecutionAttribute(SrtListenerSettings.STREAM_ID, "new-key")));

        JsonMapper json = JsonMapper.builder().build();
        JsonNode created = json.readTree(bodies.get(0));
        assertThat(created.path("type").asString()).isEqualTo("SRT_LISTENER");
        assertThat(created.path("name").asString()).isEqualTo("vodflow-ch_1-srt");
        assertThat(created.path("inputSecurityGroups").get(0).asString()).isEqualTo("123456");
        JsonNode listener = created.path("srtSettings").path("srtListenerSettings");
        assertThat(listener.path("streamId").asString()).isEqualTo("the-key");
        assertThat(listener.path("minimumLatency").asInt()).isEqualTo(MediaLiveEncoder.SRT_LATENCY_MS);
        assertThat(json.readTree(bodies.get(1))
                        .path("srtSettings")
                        .path("srtListenerSettings")
                        .path("streamId")
                        .asString())
                .isEqualTo("new-key");
    }

    @Test
    void otherRequestsAreSentAsTheSdkMadeThem() throws Exception {
        client.createInput(r -> r.name("rtmp").type("RTMP_PUSH").destinations(d -> d.streamName("live/k")));
        assertThat(JsonMapper.builder().build().readTree(bodies.get(0)).has("srtSettings"))
                .isFalse();
    }
}
