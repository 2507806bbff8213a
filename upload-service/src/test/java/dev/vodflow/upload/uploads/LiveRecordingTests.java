package dev.vodflow.upload.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveRecordingTests {

    private static final String BROADCAST = "c3309d13-a640-4fa7-9069-9b83376e9dd1";

    @Test
    void aRecordingBelongsToTheChannelOwnerWithTheBroadcastsId() {
        assertThat(LiveRecording.of("input/live/alice/" + BROADCAST + "/morning-show.000000.ts"))
                .contains(new LiveRecording("alice", BROADCAST, "morning show"));
    }

    @Test
    void anyOtherWatchFolderObjectIsNoRecording() {
        assertThat(LiveRecording.of("input/morning-show.000000.ts")).isEmpty();
        assertThat(LiveRecording.of("input/live/alice/not-a-uuid/show.ts")).isEmpty();
        assertThat(LiveRecording.of("input/live/alice/" + BROADCAST + "/deeper/show.ts"))
                .isEmpty();
    }
}
