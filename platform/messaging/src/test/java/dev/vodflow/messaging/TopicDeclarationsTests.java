package dev.vodflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicDeclarationsTests {

    @Test
    void declaresOwnedAndConsumedTopicsAsTheEventsModuleSaysAndADeadLetterTopicPerConsumedTopic() {
        List<NewTopic> topics = TopicDeclarations.of(
                Topics.TRANSCODE_ORCHESTRATOR,
                List.of(
                        new TopicDeclarations.Consumed(Topics.VIDEO_UPLOADED, "transcode-orchestrator"),
                        new TopicDeclarations.Consumed(Topics.VIDEO_DELETED, "transcode-orchestrator"),
                        new TopicDeclarations.Consumed(".*\\.dlt", "transcode-orchestrator")),
                (short) 0);

        Map<String, NewTopic> byName = topics.stream().collect(Collectors.toMap(NewTopic::name, t -> t));
        assertThat(byName)
                .containsOnlyKeys(
                        "transcode.progress",
                        "transcode.completed",
                        "transcode.failed",
                        "video.uploaded",
                        "video.deleted",
                        "video.uploaded.transcode-orchestrator.dlt",
                        "video.deleted.transcode-orchestrator.dlt");
        assertThat(byName.get("transcode.progress").configs()).containsEntry("retention.ms", "604800000");
        assertThat(byName.get("transcode.completed").configs()).containsEntry("retention.ms", "-1");
        assertThat(byName.get("video.uploaded.transcode-orchestrator.dlt").configs())
                .containsEntry("retention.ms", "-1");
        assertThat(topics).allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(Topics.PARTITIONS));
        assertThat(byName.get("transcode.failed").replicationFactor()).isEqualTo((short) -1);
    }

    @Test
    void givesReplicasWhenAsked() {
        assertThat(TopicDeclarations.of(Topics.CATALOG_SERVICE, List.of(), (short) 3))
                .extracting(NewTopic::replicationFactor)
                .containsOnly((short) 3);
    }
}
