package dev.vodflow.upload.notifications;

import java.time.Instant;

/**
 * One record of an S3 event notification, key already decoded.
 *
 * @param eventName without the {@code s3:} prefix, for example {@code ObjectCreated:Put}
 */
record ObjectEvent(String eventName, String bucket, String key, long size, String etag, Instant eventTime) {

    boolean isObjectCreated() {
        return eventName.startsWith("ObjectCreated:");
    }

    /** The last path segment: the name the file had on the machine it came from. */
    String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
