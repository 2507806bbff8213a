package dev.vodflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void everyEventTypesTopicIsDeclaredOnce() {
        assertThat(Topics.ALL)
                .extracting(TopicSpec::name)
                .doesNotHaveDuplicates()
                .containsAll(
                        Arrays.stream(EventType.values()).map(EventType::topic).toList());
    }

    @Test
    void theHistoryThatReplayRebuildsFromIsKeptForEver() {
        for (String topic : new String[] {
            Topics.VIDEO_UPLOADED,
            Topics.TRANSCODE_COMPLETED,
            Topics.TRANSCODE_FAILED,
            Topics.VIDEO_UPDATED,
            Topics.VIDEO_DELETED
        }) {
            assertThat(Topics.spec(topic).retentionMs()).as(topic).isEqualTo(-1L);
        }
    }

    @Test
    void onlyTheLiveServicePublishesTheLiveTopics() {
        for (String topic : new String[] {Topics.LIVE_STARTED, Topics.LIVE_ENDED, Topics.LIVE_RECORDED}) {
            assertThat(Topics.spec(topic).ownerSource()).as(topic).isEqualTo("/vodflow/live-service");
        }
    }

    @Test
    void anUnknownTopicIsNamedInTheError() {
        assertThatThrownBy(() -> Topics.spec("video.nope")).hasMessageContaining("video.nope");
    }
}
