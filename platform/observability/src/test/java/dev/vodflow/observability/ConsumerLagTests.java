package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTests {

    @Test
    void lagIsTheSumOverPartitionsOfWhatIsWrittenButNotCommitted() {
        TopicPartition uploaded0 = new TopicPartition("video.uploaded", 0);
        TopicPartition uploaded1 = new TopicPartition("video.uploaded", 1);
        TopicPartition completed0 = new TopicPartition("transcode.completed", 0);

        Map<String, Long> lag = ConsumerLag.lagByTopic(
                Map.of(uploaded0, 10L, uploaded1, 5L, completed0, 7L),
                Map.of(uploaded0, 12L, uploaded1, 9L, completed0, 7L));

        assertThat(lag).containsExactlyInAnyOrderEntriesOf(Map.of("video.uploaded", 6L, "transcode.completed", 0L));
    }

    @Test
    void aPartitionWithoutAnEndOffsetIsLeftOutAndLagIsNeverNegative() {
        TopicPartition a = new TopicPartition("video.deleted", 0);
        TopicPartition b = new TopicPartition("video.deleted", 1);

        Map<String, Long> lag = ConsumerLag.lagByTopic(Map.of(a, 20L, b, 3L), Map.of(a, 15L));

        assertThat(lag).containsExactlyEntriesOf(Map.of("video.deleted", 0L));
    }
}
