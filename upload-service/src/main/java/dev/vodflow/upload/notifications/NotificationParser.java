package dev.vodflow.upload.notifications;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads an SQS message body as an S3 event notification, refusing anything else with a reason. */
final class NotificationParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NotificationParser() {}

    /**
     * What a message body says.
     *
     * @param testEvent S3's {@code s3:TestEvent}, sent when a notification configuration is saved
     * @param malformed why the body is no S3 event notification, or null when it is one
     */
    record Parsed(boolean testEvent, List<ObjectEvent> records, String malformed) {

        static Parsed malformed(String reason) {
            return new Parsed(false, List.of(), reason);
        }
    }

    static Parsed parse(String body) {
        if (body == null || body.isBlank()) {
            return Parsed.malformed("the body is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return Parsed.malformed("the body is not JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            return Parsed.malformed("the body is JSON but not an object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asString(""))) {
            return new Parsed(true, List.of(), null);
        }
        if (!root.path("Records").isArray() || root.path("Records").isEmpty()) {
            return Parsed.malformed("the body has no Records: not an S3 event notification");
        }
        S3EventNotification notification;
        try {
            notification = S3EventNotification.fromJson(body);
        } catch (RuntimeException e) {
            return Parsed.malformed("the body is not an S3 event notification: " + e.getMessage());
        }
        List<ObjectEvent> records = new ArrayList<>();
        int index = 0;
        for (S3EventNotificationRecord record : notification.getRecords()) {
            String problem = problemOf(record);
            if (problem != null) {
                return Parsed.malformed("record " + index + " " + problem);
            }
            records.add(new ObjectEvent(
                    record.getEventName().startsWith("s3:")
                            ? record.getEventName().substring(3)
                            : record.getEventName(),
                    record.getS3().getBucket().getName(),
                    decodeKey(record.getS3().getObject().getKey()),
                    record.getS3().getObject().getSizeAsLong() == null
                            ? 0
                            : record.getS3().getObject().getSizeAsLong(),
                    record.getS3().getObject().getETag(),
                    record.getEventTime()));
            index++;
        }
        return new Parsed(false, List.copyOf(records), null);
    }

    private static String problemOf(S3EventNotificationRecord record) {
        if (record == null) {
            return "is null";
        }
        if (isBlank(record.getEventName())) {
            return "has no eventName";
        }
        if (record.getS3() == null
                || record.getS3().getBucket() == null
                || record.getS3().getObject() == null) {
            return "has no s3.bucket or s3.object";
        }
        if (isBlank(record.getS3().getBucket().getName())
                || isBlank(record.getS3().getObject().getKey())) {
            return "has no bucket name or object key";
        }
        if (record.getEventName().contains("ObjectCreated")) {
            if (isBlank(record.getS3().getObject().getETag())) {
                return "has no eTag";
            }
            if (record.getS3().getObject().getSizeAsLong() == null
                    || record.getS3().getObject().getSizeAsLong() < 0) {
                return "has no valid size";
            }
        }
        try {
            decodeKey(record.getS3().getObject().getKey());
        } catch (IllegalArgumentException e) {
            return "has a key that is not URL-encoded: " + e.getMessage();
        }
        return null;
    }

    /** S3 URL-encodes keys in notifications the way HTML forms do: {@code +} is a space, the rest is %XX UTF-8. */
    static String decodeKey(String key) {
        return URLDecoder.decode(key, StandardCharsets.UTF_8);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
