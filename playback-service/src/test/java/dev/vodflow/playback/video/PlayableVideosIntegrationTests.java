package dev.vodflow.playback.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.Visibility;
import dev.vodflow.testsupport.LocalInfrastructure;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The lookups behind sessions and downloads against PostgreSQL, the row changed underneath them as another instance's
 * projection would change it: what is kept, for how long, and what makes it go.
 */
class PlayableVideosIntegrationTests {

    private static final String DATABASE = "playback_videos_it";

    private JdbcClient jdbc;

    @BeforeEach
    void freshDatabase() {
        LocalInfrastructure infra = LocalInfrastructure.get();
        String url = infra.emptyJdbcUrl(DATABASE);
        Flyway.configure()
                .dataSource(url, infra.postgresUser(), infra.postgresPassword())
                .load()
                .migrate();
        jdbc = JdbcClient.create(new DriverManagerDataSource(url, infra.postgresUser(), infra.postgresPassword()));
    }

    @Test
    void aPlayableVideoIsReadOnceWithinTheTtlAndAgainOnceForgotten() {
        insert("v1", true);
        PlayableVideos videos = new PlayableVideos(jdbc, Duration.ofHours(1), 100);

        PlayableVideo first = videos.find("v1").orElseThrow();
        assertThat(first.playable()).isTrue();
        assertThat(first.ownerId()).isEqualTo("alice");
        assertThat(first.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(first.masterPath()).isEqualTo("output/v1/hls/master.m3u8");
        assertThat(first.readyAt()).isNotNull();
        assertThat(first.deletedAt()).isNull();

        jdbc.sql("UPDATE playable_video SET deleted = true, ready = false, deleted_at = now() WHERE video_id = 'v1'")
                .update();
        assertThat(videos.find("v1")).as("kept for the ttl").hasValue(first);

        videos.forget("v1");
        PlayableVideo after = videos.find("v1").orElseThrow();
        assertThat(after.playable()).isFalse();
        assertThat(after.deleted()).isTrue();
    }

    @Test
    void aVideoNotPlayableIsNeverKeptSoItPlaysAsSoonAsItIsReady() {
        insert("v2", false);
        PlayableVideos videos = new PlayableVideos(jdbc, Duration.ofHours(1), 100);

        assertThat(videos.find("v2").orElseThrow().playable()).isFalse();
        assertThat(videos.find("missing")).isEmpty();

        jdbc.sql("UPDATE playable_video SET ready = true, master_path = 'output/v2/hls/master.m3u8', ready_at = now()"
                        + " WHERE video_id = 'v2'")
                .update();
        insert("missing", true);
        assertThat(videos.find("v2").orElseThrow().playable()).isTrue();
        assertThat(videos.find("missing")).isPresent();
    }

    @Test
    void aKeptVideoIsReadAgainAfterTheTtlAndNothingIsKeptWithoutOne() throws Exception {
        insert("v3", true);
        PlayableVideos shortLived = new PlayableVideos(jdbc, Duration.ofMillis(50), 100);
        PlayableVideos uncached = new PlayableVideos(jdbc, Duration.ZERO, 100);
        assertThat(shortLived.find("v3").orElseThrow().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(uncached.find("v3").orElseThrow().visibility()).isEqualTo(Visibility.PUBLIC);

        jdbc.sql("UPDATE playable_video SET visibility = 'PRIVATE' WHERE video_id = 'v3'")
                .update();
        Thread.sleep(100);

        assertThat(shortLived.find("v3").orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(uncached.find("v3").orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void whenFullOnlyTheVideosAlreadyKeptStayKept() {
        insert("a", true);
        insert("b", true);
        PlayableVideos videos = new PlayableVideos(jdbc, Duration.ofHours(1), 1);
        videos.find("a");
        videos.find("b"); // no room: read, not kept

        jdbc.sql("UPDATE playable_video SET visibility = 'PRIVATE'").update();

        assertThat(videos.find("a").orElseThrow().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(videos.find("b").orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void whenFullTheExpiredVideosMakeRoom() throws Exception {
        insert("a", true);
        insert("b", true);
        PlayableVideos videos = new PlayableVideos(jdbc, Duration.ofSeconds(1), 1);
        videos.find("a");
        Thread.sleep(1200); // a has expired, and a sweep is due

        videos.find("b"); // kept in a's place
        jdbc.sql("UPDATE playable_video SET visibility = 'PRIVATE' WHERE video_id = 'b'")
                .update();

        assertThat(videos.find("b").orElseThrow().visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void aNegativeSettingIsRefusedByName() {
        assertThatThrownBy(() -> new PlayableVideos(jdbc, Duration.ofSeconds(-1), 100))
                .hasMessageContaining("vodflow.playback.video-cache.ttl");
    }

    private void insert(String video, boolean ready) {
        jdbc.sql("""
                        INSERT INTO playable_video (video_id, owner_id, visibility, master_path, ready, ready_at)
                        VALUES (?, 'alice', 'PUBLIC', ?, ?, CASE WHEN ? THEN now() END)
                        """)
                .params(video, ready ? "output/" + video + "/hls/master.m3u8" : null, ready, ready)
                .update();
    }
}
