package dev.vodflow.localaws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes S3 event notification messages in the format S3 posts to SQS (event structure version 2.1), so a
 * consumer parsing them with the AWS SDK's {@code S3EventNotification} cannot tell them from real ones.
 */
final class S3EventMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** S3's sequencer orders events for one key; a counter seeded from the clock is monotonic across restarts. */
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    private final String region;

    S3EventMessages(String region) {
        this.region = region;
    }

    /** {@code eventName} without the {@code s3:} prefix, for example {@code ObjectCreated:Put}. */
    String objectCreated(
            String eventName,
            String bucket,
            String key,
            long size,
            String etag,
            String configurationId,
            Instant eventTime) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", encodeKey(key));
        object.put("size", size);
        object.put("eTag", unquote(etag));
        object.put("sequencer", String.format("%018X", sequencer.incrementAndGet()));

        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        s3.put(
                "bucket",
                Map.of(
                        "name",
                        bucket,
                        "ownerIdentity",
                        Map.of("principalId", LocalAws.ACCOUNT_ID),
                        "arn",
                        "arn:aws:s3:::" + bucket));
        s3.put("object", object);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", eventTime.toString());
        record.put("eventName", eventName);
        record.put("userIdentity", Map.of("principalId", "AWS:" + LocalAws.ACCESS_KEY_ID));
        record.put("requestParameters", Map.of("sourceIPAddress", "127.0.0.1"));
        record.put("responseElements", responseElements());
        record.put("s3", s3);
        return JSON.writeValueAsString(Map.of("Records", List.of(record)));
    }

    /** The message S3 sends once when a notification configuration is put on a bucket. */
    String testEvent(String bucket, Instant time) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Service", "Amazon S3");
        event.put("Event", "s3:TestEvent");
        event.put("Time", time.toString());
        event.put("Bucket", bucket);
        event.putAll(ids());
        return JSON.writeValueAsString(event);
    }

    /**
     * Keys are URL-encoded as in an HTML form: a space becomes {@code +}, a {@code +} becomes {@code %2B},
     * non-ASCII characters become their UTF-8 bytes in percent form; S3 leaves {@code /} as it is.
     */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    private static Map<String, Object> responseElements() {
        Map<String, Object> ids = ids();
        return Map.of("x-amz-request-id", ids.get("RequestId"), "x-amz-id-2", ids.get("HostId"));
    }

    private static Map<String, Object> ids() {
        String requestId =
                UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        return Map.of("RequestId", requestId, "HostId", UUID.randomUUID().toString());
    }
}
