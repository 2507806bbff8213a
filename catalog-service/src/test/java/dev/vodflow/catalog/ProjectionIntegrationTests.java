package dev.vodflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.catalog.video.Video;
import dev.vodflow.catalog.video.VideoFixtures;
import dev.vodflow.catalog.video.VideoState;
import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.Topics;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.Visibility;
import dev.vodflow.testsupport.LocalInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.CannotCreateTransactionException;

/** The catalog follows the topics: each transition, duplicates, any order, bad records, database outages. */
class ProjectionIntegrationTests extends CatalogIntegrationTest {

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Value("${spring.cloud.stream.default.group}")
    String group;

    /** The video topics, as the binding under test reads them (application.yml). */
    @Value("${spring.cloud.stream.bindings.catalogEvents-in-0.destination}")
    Set<String> videoTopics;

    /**
     * A replay's speed comes from one consumer thread per partition; a video's events staying on one of them comes
     * from the range assignor giving each thread the same partition of every topic (all are keyed by video id).
     */
    @Test
    void eachConsumerThreadReadsTheSamePartitionOfEveryVideoTopic() throws Exception {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get();
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                Map<String, Set<TopicPartition>> videoConsumers = description.members().stream()
                        .filter(member -> member.assignment().topicPartitions().stream()
                                .anyMatch(tp -> videoTopics.contains(tp.topic())))
                        .collect(Collectors.toMap(MemberDescription::consumerId, member -> member.assignment()
                                .topicPartitions()));
                int partitions = admin.describeTopics(Set.of(Topics.VIDEO_UPLOADED))
                        .allTopicNames()
                        .get()
                        .get(Topics.VIDEO_UPLOADED)
                        .partitions()
                        .size();
                assertThat(videoConsumers).hasSize(partitions);
                Set<Integer> numbers = new TreeSet<>();
                for (Set<TopicPartition> assigned : videoConsumers.values()) {
                    Set<Integer> own =
                            assigned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
                    assertThat(own)
                            .as("partition numbers of one consumer: %s", assigned)
                            .hasSize(1);
                    int number = own.iterator().next();
                    assertThat(assigned)
                            .containsExactlyInAnyOrderElementsOf(videoTopics.stream()
                                    .map(topic -> new TopicPartition(topic, number))
                                    .toList());
                    numbers.add(number);
                }
                assertThat(numbers).hasSize(partitions);
            });
        }
    }

    @Test
    void videoGoesFromUploadedThroughProgressToReady() {
        VideoFixtures v = newVideo();

        events.publish(v.uploaded());
        Video processing = awaitVideo(v, video -> video.state() == VideoState.PROCESSING);
        assertThat(processing.title()).isEqualTo("Surfing at dawn");
        assertThat(processing.createdAt()).isEqualTo(v.uploaded().occurredAt());

        events.publish(v.progress(40));
        awaitVideo(v, video -> video.percent() == 40);

        events.publish(v.completed());
        Video ready = awaitVideo(v, video -> video.state() == VideoState.READY);
        assertThat(ready.percent()).isEqualTo(100);
        assertThat(ready.completion().hlsMasterPath()).isEqualTo("output/" + v.id() + "/hls/master.m3u8");
        assertThat(ready.completion().durationMs()).isEqualTo(20_040L);
        assertThat(ready.completion().sourceWidth()).isEqualTo(1920);
        assertThat(ready.renditions()).extracting(Video.Rendition::path).hasSize(3);
        assertThat(ready.thumbnails()).hasSize(3);
        assertThat(ready.completion().posterPath()).endsWith("t.0000001.jpg");
        assertThat(ready.updatedAt()).isEqualTo(v.completed().occurredAt());
    }

    @Test
    void aLaterTranscodeReplacesOnlyTheChildRowsThatChanged() {
        VideoFixtures v = newVideo();
        TranscodeCompleted first = v.completed(1);
        events.publish(v.uploaded(), first);
        Video ready = awaitVideo(v, video -> video.state() == VideoState.READY);
        assertThat(ready.renditions()).hasSize(3);

        // same renditions, one thumbnail: the renditions stay, the thumbnails are replaced
        TranscodeCompleted second = withChildren(
                v.completed(2), first.renditions(), first.thumbnails().subList(0, 1));
        events.publish(second);
        Video afterSecond = awaitVideo(v, video -> video.completion().jobId().equals("job-2"));
        assertThat(afterSecond.renditions()).isEqualTo(ready.renditions());
        assertThat(afterSecond.thumbnails())
                .extracting(Video.Thumbnail::path)
                .containsExactly(first.thumbnails().get(0).path());

        // one rendition, the same thumbnail: the renditions are replaced, the thumbnail stays
        TranscodeCompleted third =
                withChildren(v.completed(3), first.renditions().subList(1, 2), second.thumbnails());
        events.publish(third);
        Video afterThird = awaitVideo(v, video -> video.completion().jobId().equals("job-3"));
        assertThat(afterThird.renditions())
                .extracting(Video.Rendition::path)
                .containsExactly(first.renditions().get(1).path());
        assertThat(afterThird.thumbnails()).isEqualTo(afterSecond.thumbnails());
    }

    private static TranscodeCompleted withChildren(
            TranscodeCompleted c,
            List<TranscodeCompleted.Rendition> renditions,
            List<TranscodeCompleted.Thumbnail> thumbnails) {
        return new TranscodeCompleted(
                c.eventId(),
                c.videoId(),
                c.ownerId(),
                c.occurredAt(),
                c.jobId(),
                c.durationMs(),
                c.source(),
                c.hlsMasterPath(),
                renditions,
                thumbnails,
                c.dashManifestPath(),
                c.storyboard());
    }

    @Test
    void failedTranscodeShowsTheCodeAndMessage() {
        VideoFixtures v = newVideo();

        events.publish(v.uploaded(), v.progress(10), v.failed(3));

        Video failed = awaitVideo(v, video -> video.state() == VideoState.FAILED);
        assertThat(failed.failure().errorCode()).isEqualTo("1010");
        assertThat(failed.failure().message()).isEqualTo("The uploaded file is not a video we can read.");
        assertThat(failed.failure().retryable()).isFalse();
    }

    @Test
    void duplicatesChangeNothing() {
        VideoFixtures v = newVideo();
        events.publish(v.uploaded(), v.progress(40), v.completed());
        Video ready = awaitVideo(v, video -> video.state() == VideoState.READY);

        events.publish(v.uploaded(), v.progress(40), v.completed(), v.completed(), v.uploaded());
        awaitCaughtUp();

        assertThat(video(v.id(), v.owner())).contains(ready);
        // what makes a redelivery a no-op also for events the rules alone would apply twice: each one recorded once
        assertThat(List.of(v.uploaded(), v.progress(40), v.completed()))
                .allSatisfy(event -> assertThat(processed(event.eventId())).isTrue());
    }

    @Test
    void progressAfterReadyIsIgnored() {
        VideoFixtures v = newVideo();
        events.publish(v.uploaded(), v.completed());
        Video ready = awaitVideo(v, video -> video.state() == VideoState.READY);

        var late = v.progress(60, 2);
        events.publish(late);
        await().atMost(TIMEOUT).until(() -> processed(late.eventId()));

        assertThat(video(v.id(), v.owner())).contains(ready);
    }

    @Test
    void completedBeforeUploadedGivesAReadyVideoThatGetsItsTitleWhenTheUploadArrives() {
        VideoFixtures v = newVideo();

        events.publish(v.completed());
        Video early = awaitVideo(v, video -> video.state() == VideoState.READY);
        assertThat(early.ownerId()).isEqualTo(v.owner());
        assertThat(early.title()).isEqualTo("Untitled");

        events.publish(v.progress(20), v.uploaded());
        Video complete = awaitVideo(v, video -> video.upload() != null);
        assertThat(complete.state()).isEqualTo(VideoState.READY);
        assertThat(complete.title()).isEqualTo("Surfing at dawn");
        assertThat(complete.createdAt()).isEqualTo(v.uploaded().occurredAt());
        assertThat(complete.percent()).isEqualTo(100);
    }

    @Test
    void ownersChangeReplayedBeforeTheUploadKeepsTheOwnersTitle() {
        VideoFixtures v = newVideo();

        events.publish(v.updated("My own title", Visibility.UNLISTED, 300));
        awaitVideo(v, video -> video.visibility() == Visibility.UNLISTED);
        events.publish(v.uploaded());

        Video video = awaitVideo(v, candidate -> candidate.upload() != null);
        assertThat(video.title()).isEqualTo("My own title");
        assertThat(video.state()).isEqualTo(VideoState.PROCESSING);
    }

    @Test
    void eventsForADeletedVideoDoNotBringItBack() {
        VideoFixtures v = newVideo();
        events.publish(v.uploaded());
        awaitVideo(v, video -> true);

        events.publish(v.deleted(400));
        await().atMost(TIMEOUT).until(() -> video(v.id(), v.owner()).isEmpty());
        var late = v.completed();
        events.publish(late);
        await().atMost(TIMEOUT).until(() -> processed(late.eventId()));

        assertThat(video(v.id(), v.owner())).isEmpty();
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsCauseWhileLaterRecordsApply() {
        VideoFixtures v = newVideo();
        var valid = v.progress(10);
        var headers =
                CloudEventEnvelope.of(valid, Topics.TRANSCODE_ORCHESTRATOR).toHeaders();

        events.publishRaw(Topics.TRANSCODE_PROGRESS, v.id(), headers, "{\"videoId\": \"" + v.id() + "\", percent: }");
        events.publish(v.progress(50));

        awaitVideo(v, video -> video.percent() == 50);
        var dead = TestEvents.read(Topics.TRANSCODE_PROGRESS + ".catalog-service.dlt", v.id(), 1, TIMEOUT);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, byte[]> record = dead.get(0);
        assertThat(TestEvents.header(record, "kafka_dlt-exception-message"))
                .contains("not a valid dev.vodflow.transcode.progress.v1");
        assertThat(TestEvents.header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.TRANSCODE_PROGRESS);
        assertThat(TestEvents.header(record, "ce_id")).isEqualTo(valid.eventId());
    }

    @Test
    void uploadNamingAnotherOwnerIsDeadLettered() {
        VideoFixtures v = newVideo();
        events.publish(v.uploaded());
        awaitVideo(v, video -> true);
        VideoUploaded legit = v.uploaded();
        // Same topic and key as the real upload, so a replay meets the two in the same order.
        VideoUploaded impostor = new VideoUploaded(
                UUID.randomUUID().toString(),
                v.id(),
                "mallory",
                legit.occurredAt().plusSeconds(5),
                "Mine now",
                "x.mov",
                "video/quicktime",
                legit.bucket(),
                legit.key(),
                1,
                "other-etag",
                VideoUploaded.Origin.WATCH_FOLDER);

        events.publish(impostor);

        var dead = TestEvents.read(Topics.VIDEO_UPLOADED + ".catalog-service.dlt", v.id(), 1, TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(TestEvents.header(dead.get(0), "kafka_dlt-exception-message"))
                .contains("mallory");
        assertThat(TestEvents.header(dead.get(0), "kafka_dlt-exception-fqcn")).isNotBlank();
        Video video = video(v.id(), v.owner()).orElseThrow();
        assertThat(video.ownerId()).isEqualTo(v.owner());
        assertThat(video.title()).isEqualTo("Surfing at dawn");
    }

    @Test
    void databaseOutageIsWaitedOutNotDeadLettered() {
        VideoFixtures v = newVideo();
        events.publish(v.uploaded());
        awaitVideo(v, video -> true);

        TestDatabases.admin(
                "ALTER DATABASE " + LocalInfrastructure.get().databaseName(DATABASE) + " ALLOW_CONNECTIONS false");
        try {
            TestDatabases.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + LocalInfrastructure.get().databaseName(DATABASE) + "' AND pid <> pg_backend_pid()");
            events.publish(v.completed());
            // While the database refuses connections the record is retried, never dead-lettered: a
            // dead-lettered record would be committed and the lag would drop to 0 within a second.
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> replay.progress().lag() > 0);
        } finally {
            TestDatabases.admin(
                    "ALTER DATABASE " + LocalInfrastructure.get().databaseName(DATABASE) + " ALLOW_CONNECTIONS true");
        }

        awaitVideo(v, video -> video.state() == VideoState.READY);
        assertThat(TestEvents.read(
                        Topics.TRANSCODE_COMPLETED + ".catalog-service.dlt", v.id(), 1, Duration.ofSeconds(3)))
                .isEmpty();
    }

    private static VideoFixtures newVideo() {
        return VideoFixtures.video(UUID.randomUUID().toString(), "owner-" + UUID.randomUUID());
    }

    private Video awaitVideo(VideoFixtures v, Predicate<Video> condition) {
        return await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                // The connection pool takes a moment to reconnect after the outage test: a read in a transaction
                // fails to begin it, a plain read (the catalog's reads have no transaction) to get a connection.
                .ignoreExceptionsMatching(e -> e instanceof CannotCreateTransactionException
                        || e instanceof org.springframework.jdbc.CannotGetJdbcConnectionException)
                .until(() -> video(v.id(), v.owner()).filter(condition).orElse(null), video -> video != null);
    }
}
