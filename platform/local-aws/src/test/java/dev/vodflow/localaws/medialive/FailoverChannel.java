package dev.vodflow.localaws.medialive;

import java.util.UUID;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.Input;
import software.amazon.awssdk.services.medialive.model.InputType;

/**
 * A running STANDARD channel as the failover tests play it: one RTMP input, two pipelines writing {@code live-a/} and
 * {@code live-b/} of one bucket ({@link TestLadder#hlsOnly()}), which the edge serves as {@code live/}.
 *
 * @param name the channel's name, also its folder under {@code live-a/}, {@code live-b/} and the edge's {@code live/}
 * @param id the channel's id, for the emulator's pipeline kills
 * @param ingestUrl where the publisher sends the stream
 */
record FailoverChannel(String name, String id, String ingestUrl) {

    static FailoverChannel start(MediaLiveClient client, String bucket) {
        String name = "ch-" + UUID.randomUUID().toString().substring(0, 8);
        String streamKey = UUID.randomUUID().toString().replace("-", "");
        Input input = client.createInput(r -> r.name(name)
                        .type(InputType.RTMP_PUSH)
                        .destinations(d -> d.streamName("live/" + streamKey), d -> d.streamName("live/" + streamKey)))
                .input();
        String id = client.createChannel(r -> r.name(name)
                        .channelClass(ChannelClass.STANDARD)
                        .inputAttachments(a -> a.inputId(input.id()).inputAttachmentName("ingest"))
                        .destinations(d -> d.id("hls")
                                .settings(
                                        s -> s.url("s3ssl://" + bucket + "/live-a/" + name + "/master"),
                                        s -> s.url("s3ssl://" + bucket + "/live-b/" + name + "/master")))
                        .encoderSettings(TestLadder.hlsOnly()))
                .channel()
                .id();
        client.startChannel(r -> r.channelId(id));
        return new FailoverChannel(name, id, input.destinations().get(0).url());
    }
}
