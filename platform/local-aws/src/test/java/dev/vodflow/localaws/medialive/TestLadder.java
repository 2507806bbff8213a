package dev.vodflow.localaws.medialive;

import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;

/** A small two-rung ladder with 1 s segments and an archive, as the SDK sends it. */
final class TestLadder {

    private TestLadder() {}

    /** The same ladder without the archive: the pipelines' HLS output alone. */
    static EncoderSettings hlsOnly() {
        EncoderSettings full = twoRungs();
        return full.toBuilder().outputGroups(full.outputGroups().get(0)).build();
    }

    static EncoderSettings twoRungs() {
        return EncoderSettings.builder()
                .videoDescriptions(
                        v -> v.name("v360")
                                .width(640)
                                .height(360)
                                .codecSettings(c -> c.h264Settings(h -> h.bitrate(600_000))),
                        v -> v.name("v180")
                                .width(320)
                                .height(180)
                                .codecSettings(c -> c.h264Settings(h -> h.bitrate(250_000))))
                .audioDescriptions(a -> a.name("aac")
                        .audioSelectorName("default")
                        .codecSettings(c -> c.aacSettings(s -> s.bitrate(64_000.0))))
                .outputGroups(
                        OutputGroup.builder()
                                .outputGroupSettings(
                                        s -> s.hlsGroupSettings(h -> h.destination(d -> d.destinationRefId("hls"))
                                                .segmentLength(1)
                                                .indexNSegments(6)
                                                .programDateTime("INCLUDE")))
                                .outputs(
                                        o -> o.outputName("360p")
                                                .videoDescriptionName("v360")
                                                .audioDescriptionNames("aac")
                                                .outputSettings(os -> os.hlsOutputSettings(h -> h.nameModifier("_360p")
                                                        .hlsSettings(hs -> hs.standardHlsSettings(
                                                                st -> st.m3u8Settings(m -> {}))))),
                                        o -> o.outputName("180p")
                                                .videoDescriptionName("v180")
                                                .audioDescriptionNames("aac")
                                                .outputSettings(os -> os.hlsOutputSettings(h -> h.nameModifier("_180p")
                                                        .hlsSettings(hs -> hs.standardHlsSettings(
                                                                st -> st.m3u8Settings(m -> {}))))))
                                .build(),
                        OutputGroup.builder()
                                .outputGroupSettings(s ->
                                        s.archiveGroupSettings(a -> a.destination(d -> d.destinationRefId("archive"))
                                                .rolloverInterval(86_400)))
                                .outputs(o -> o.outputName("recording")
                                        .videoDescriptionName("v360")
                                        .audioDescriptionNames("aac")
                                        .outputSettings(os -> os.archiveOutputSettings(a ->
                                                a.nameModifier("").containerSettings(c -> c.m2tsSettings(m -> {})))))
                                .build())
                .build();
    }
}
