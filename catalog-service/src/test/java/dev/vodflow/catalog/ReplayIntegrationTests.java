package dev.vodflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.catalog.ops.Fingerprint;
import dev.vodflow.catalog.ops.Replay;
import dev.vodflow.catalog.video.VideoFixtures;
import dev.vodflow.events.Visibility;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.security.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** Replaying the topics from offset 0 into an empty database rebuilds the catalog exactly. */
class ReplayIntegrationTests extends CatalogIntegrationTest {

    static final int VIDEOS = 1_000;

    @Autowired
    Fingerprint fingerprint;

    @Test
    void replayOfAThousandVideosIntoAFreshDatabaseGivesTheSameFingerprint() {
        List<VodflowEvent> history = history(VIDEOS, new Random(7));
        events.publish(history);
        awaitCaughtUp();
        Fingerprint.Result live = fingerprint.compute();
        assertThat(rows(live, "videos")).isGreaterThanOrEqualTo(VIDEOS - VIDEOS / 13 - 1);

        try (ConfigurableApplicationContext rebuilt = SecondCatalog.start("catalog_replay_it")) {
            Replay replayed = rebuilt.getBean(Replay.class);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> replayed.progress().caughtUp());

            // the progress gauges an operator watches: everything in the retained history replayed
            replayed.refresh();
            MeterRegistry meters = rebuilt.getBean(MeterRegistry.class);
            double replayedRecords = meters.get("vodflow.catalog.replay.records")
                    .tag("state", "replayed")
                    .gauge()
                    .value();
            assertThat(replayedRecords).isGreaterThanOrEqualTo(history.size());
            assertThat(meters.get("vodflow.catalog.replay.records")
                            .tag("state", "history")
                            .gauge()
                            .value())
                    .isEqualTo(replayedRecords);

            Fingerprint.Result rebuiltFingerprint =
                    rebuilt.getBean(Fingerprint.class).compute();
            assertThat(rebuiltFingerprint.tables()).isEqualTo(live.tables());
            assertThat(rebuiltFingerprint.md5()).isEqualTo(live.md5());
        }
    }

    @Test
    void inPlaceRebuildRestoresTheSameFingerprint() {
        VideoFixtures v = VideoFixtures.video("rebuild-" + UUID.randomUUID(), "rebuilder");
        events.publish(v.uploaded(), v.progress(30), v.completed(), v.updated("Kept", Visibility.PUBLIC, 900));
        awaitCaughtUp();

        ResponseEntity<JsonNode> refused = api("rebuilder")
                .post()
                .uri("/ops/rebuild")
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(JsonNode.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);

        JsonNode before = api("operator", Roles.OPERATOR)
                .post()
                .uri("/ops/rebuild")
                .retrieve()
                .body(JsonNode.class);
        awaitCaughtUp();
        JsonNode after = api("operator", Roles.OPERATOR)
                .get()
                .uri("/ops/fingerprint")
                .retrieve()
                .body(JsonNode.class);

        assertThat(after).isEqualTo(before);
        assertThat(video(v.id(), v.owner()).orElseThrow().title()).isEqualTo("Kept");
    }

    /**
     * A thousand videos' lives in a shuffled order: uploads, progress, most complete, some fail, some are
     * made public and some deleted by their owners, a fifth are delivered twice.
     */
    static List<VodflowEvent> history(int videos, Random random) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<VodflowEvent> events = new ArrayList<>();
        for (int i = 0; i < videos; i++) {
            VideoFixtures v = VideoFixtures.video("replay-" + run + "-" + i, "replay-owner-" + (i % 50))
                    .at(VideoFixtures.T0.plusSeconds(i * 7L));
            events.add(v.uploaded(i % 3 == 0 ? null : "Video number " + i));
            events.add(v.progress(25));
            events.add(v.progress(75));
            if (i % 10 == 9) {
                events.add(v.failed(1));
            } else {
                events.add(v.completed());
            }
            if (i % 7 == 0) {
                events.add(v.updated("Public number " + i, Visibility.PUBLIC, 1_000));
            }
            if (i % 13 == 0) {
                events.add(v.deleted(2_000));
            }
            if (i % 5 == 0) {
                events.add(v.progress(75));
                events.add(i % 10 == 9 ? v.failed(1) : v.completed());
            }
        }
        Collections.shuffle(events, random);
        return events;
    }

    private static long rows(Fingerprint.Result result, String table) {
        return result.tables().stream()
                .filter(t -> t.name().equals(table))
                .findFirst()
                .orElseThrow()
                .rows();
    }
}
