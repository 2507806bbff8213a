package dev.vodflow.upload;

import dev.vodflow.upload.media.MediaContainer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The limits and timings of uploads, checked at start-up so that a bad setting fails with its name.
 *
 * @param maxSize the largest source file accepted, through the API or the watch folder
 * @param multipartThreshold from this size on, the API hands out a multipart plan instead of one PUT
 * @param partSize the size of each part but the last; S3 needs at least 5 MiB
 * @param expiry how long an upload may stay incomplete before it becomes {@code EXPIRED}
 * @param presignedUrlTtl how long one presigned URL is valid (never beyond the upload's expiry)
 * @param expirySweepInterval how often incomplete uploads are checked for expiry
 * @param allowedContainers the media containers accepted (API content types and the media check)
 * @param watchFolderOwner the owner of videos whose source was dropped into {@code input/} without the API
 */
@ConfigurationProperties("vodflow.upload")
public record UploadProperties(
        @DefaultValue("50GB") DataSize maxSize,
        @DefaultValue("64MB") DataSize multipartThreshold,
        @DefaultValue("16MB") DataSize partSize,
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("1h") Duration presignedUrlTtl,
        @DefaultValue("1m") Duration expirySweepInterval,
        Set<MediaContainer> allowedContainers,
        @DefaultValue("watch-folder") String watchFolderOwner,
        @DefaultValue Notifications notifications) {

    /** S3 refuses parts below 5 MiB (all but the last) and uploads of more than 10,000 parts. */
    public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

    public static final int MAX_PARTS = 10_000;

    /** A presigned SigV4 URL is valid for at most seven days. */
    public static final Duration MAX_PRESIGN = Duration.ofDays(7);

    public UploadProperties {
        allowedContainers = allowedContainers == null || allowedContainers.isEmpty()
                ? EnumSet.allOf(MediaContainer.class)
                : EnumSet.copyOf(allowedContainers);
        positive(maxSize, "vodflow.upload.max-size");
        positive(multipartThreshold, "vodflow.upload.multipart-threshold");
        if (partSize.compareTo(MIN_PART_SIZE) < 0) {
            throw new IllegalArgumentException(
                    "vodflow.upload.part-size must be at least 5MB (the S3 minimum), was " + partSize);
        }
        positive(expiry, "vodflow.upload.expiry");
        positive(presignedUrlTtl, "vodflow.upload.presigned-url-ttl");
        if (presignedUrlTtl.compareTo(MAX_PRESIGN) > 0) {
            throw new IllegalArgumentException(
                    "vodflow.upload.presigned-url-ttl must be at most 7d (the SigV4 limit), was " + presignedUrlTtl);
        }
        positive(expirySweepInterval, "vodflow.upload.expiry-sweep-interval");
        if (watchFolderOwner == null || watchFolderOwner.isBlank()) {
            throw new IllegalArgumentException("vodflow.upload.watch-folder-owner must not be blank");
        }
    }

    /**
     * How the S3 notifications are read from SQS.
     *
     * @param waitTime long-poll wait of one receive (SQS allows at most 20 s)
     * @param maxMessages messages per receive (1 to 10)
     * @param visibilityTimeout how long a received message stays hidden from other pollers
     * @param visibilityExtensionInterval how often the visibility of messages still being handled is extended
     * @param malformedRedeliveryDelay how soon a body that is not an S3 event is offered again, so the
     *     redrive policy moves it to the DLQ quickly instead of waiting out the visibility timeout each time
     * @param errorBackoff pause after a failed receive, so a broken queue does not spin the poller
     * @param inspectedBytes how many leading bytes the media check reads
     */
    public record Notifications(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20s") Duration waitTime,
            @DefaultValue("10") int maxMessages,
            @DefaultValue("60s") Duration visibilityTimeout,
            @DefaultValue("20s") Duration visibilityExtensionInterval,
            @DefaultValue("0s") Duration malformedRedeliveryDelay,
            @DefaultValue("5s") Duration errorBackoff,
            @DefaultValue("4KB") DataSize inspectedBytes) {

        public Notifications {
            if (waitTime.isNegative() || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException(
                        "vodflow.upload.notifications.wait-time must be between 0s and 20s, was " + waitTime);
            }
            if (maxMessages < 1 || maxMessages > 10) {
                throw new IllegalArgumentException(
                        "vodflow.upload.notifications.max-messages must be between 1 and 10, was " + maxMessages);
            }
            positive(visibilityTimeout, "vodflow.upload.notifications.visibility-timeout");
            if (visibilityExtensionInterval.compareTo(visibilityTimeout) >= 0
                    || visibilityExtensionInterval.isZero()
                    || visibilityExtensionInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "vodflow.upload.notifications.visibility-extension-interval must be positive and shorter"
                                + " than visibility-timeout, was " + visibilityExtensionInterval);
            }
            if (malformedRedeliveryDelay.isNegative() || malformedRedeliveryDelay.compareTo(visibilityTimeout) > 0) {
                throw new IllegalArgumentException(
                        "vodflow.upload.notifications.malformed-redelivery-delay must be between 0s and"
                                + " visibility-timeout, was " + malformedRedeliveryDelay);
            }
            positive(errorBackoff, "vodflow.upload.notifications.error-backoff");
            if (inspectedBytes.toBytes() < 512) {
                throw new IllegalArgumentException(
                        "vodflow.upload.notifications.inspected-bytes must be at least 512B, was " + inspectedBytes);
            }
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void positive(DataSize value, String name) {
        if (value == null || value.toBytes() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
