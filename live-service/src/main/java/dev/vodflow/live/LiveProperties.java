package dev.vodflow.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the AWS services are and how channels encode. Production leaves endpoints and keys unset (real AWS, the
 * SDK's default chains); locally the endpoints point at the stand-ins.
 *
 * @param mediaLiveRoleArn the role MediaLive assumes to write to S3 (required by MediaLive; any ARN locally)
 * @param inputSecurityGroupId the input security group of RTMP push inputs (which addresses may publish); empty
 *     locally, where the emulator has none
 * @param segmentLength HLS segment length; 1 s keeps glass-to-glass latency low
 * @param windowSegments segments listed in a live playlist
 * @param ladder the ABR ladder, top rung first; the top rung also names the recording's picture size
 * @param recordingTimeout how long a stopped channel's recording may take to appear before it is given up
 */
@Validated
@ConfigurationProperties("vodflow")
public record LiveProperties(
        @DefaultValue Aws aws, @DefaultValue Live live) {

    public record Aws(
            String region,
            String accessKeyId,
            String secretAccessKey,
            @DefaultValue S3 s3,
            @DefaultValue Endpoint medialive) {

        public Aws {
            if (isBlank(accessKeyId) != isBlank(secretAccessKey)) {
                throw new IllegalArgumentException(
                        "vodflow.aws.access-key-id and vodflow.aws.secret-access-key must be set together");
            }
        }

        public boolean hasStaticCredentials() {
            return !isBlank(accessKeyId);
        }
    }

    /** @param endpoint unset for AWS; set for a local S3, which then needs path-style addressing */
    public record S3(
            URI endpoint, @DefaultValue("vodflow-media") String bucket) {}

    public record Endpoint(URI endpoint) {}

    public record Live(
            @DefaultValue("arn:aws:iam::000000000000:role/vodflow-medialive")
            String mediaLiveRoleArn,

            @DefaultValue("") String inputSecurityGroupId,
            @DefaultValue("1s") Duration segmentLength,
            @DefaultValue("6") int windowSegments,
            List<Rung> ladder,
            @DefaultValue("96000") int audioBitrate,
            @DefaultValue("2s") Duration recordingPollInterval,
            @DefaultValue("10m") Duration recordingTimeout) {

        public Live {
            if (segmentLength.toMillis() % 1000 != 0
                    || segmentLength.toSeconds() < 1
                    || segmentLength.toSeconds() > 2) {
                throw new IllegalArgumentException(
                        "vodflow.live.segment-length must be 1s or 2s for low latency, was " + segmentLength);
            }
            if (windowSegments < 3) {
                throw new IllegalArgumentException(
                        "vodflow.live.window-segments must be at least 3, was " + windowSegments);
            }
            ladder = ladder == null || ladder.isEmpty()
                    ? List.of(new Rung("_720p", 1280, 720, 3_000_000), new Rung("_360p", 640, 360, 800_000))
                    : List.copyOf(ladder);
            if (ladder.size() < 2) {
                throw new IllegalArgumentException(
                        "vodflow.live.ladder needs at least two rungs, has " + ladder.size());
            }
        }
    }

    /** @param name the rung's playlist suffix, e.g. {@code _360p} for {@code master_360p.m3u8} */
    public record Rung(String name, int width, int height, int bitrate) {

        public Rung {
            if (isBlank(name) || !name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(
                        "vodflow.live.ladder[].name must be letters, digits, _ or -, was " + name);
            }
            if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0 || bitrate < 50_000) {
                throw new IllegalArgumentException("vodflow.live.ladder rung " + name
                        + ": even width and height and a bitrate of at least 50000 are required");
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
