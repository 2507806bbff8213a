package dev.vodflow.upload.uploads;

import dev.vodflow.events.VideoUploaded.Origin;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One video source on its way into the input bucket. The id is the video id. Multipart fields are null
 * for a single presigned PUT and for watch-folder objects. {@code traceParent} is the W3C trace context the upload
 * was created in; its S3 event continues that trace.
 */
@Table("uploads")
public record Upload(
        @Id String id,
        String ownerId,
        String title,
        String originalFileName,
        String contentType,
        long declaredSize,
        String objectKey,
        Origin origin,
        String multipartUploadId,
        Long partSize,
        Integer partCount,
        UploadState state,
        String reason,
        String etag,
        Long storedSize,
        String eventId,
        Instant createdAt,
        Instant expiresAt,
        Instant finishedAt,
        String traceParent,
        @Version Long version) {

    public boolean isMultipart() {
        return multipartUploadId != null;
    }

    /** The id of the upload's trace (from its W3C {@code traceparent}), or null when it was created untraced. */
    public String traceId() {
        return traceParent == null || traceParent.length() < 35 ? null : traceParent.substring(3, 35);
    }

    public boolean isAwaiting() {
        return state == UploadState.AWAITING_UPLOAD;
    }

    Upload withState(UploadState newState, String newReason, Instant at) {
        return new Upload(
                id,
                ownerId,
                title,
                originalFileName,
                contentType,
                declaredSize,
                objectKey,
                origin,
                multipartUploadId,
                partSize,
                partCount,
                newState,
                newReason,
                etag,
                storedSize,
                eventId,
                createdAt,
                expiresAt,
                at,
                traceParent,
                version);
    }

    Upload withObject(String newEtag, long newStoredSize, String newEventId, String newContentType) {
        return new Upload(
                id,
                ownerId,
                title,
                originalFileName,
                newContentType,
                declaredSize,
                objectKey,
                origin,
                multipartUploadId,
                partSize,
                partCount,
                state,
                reason,
                newEtag,
                newStoredSize,
                newEventId,
                createdAt,
                expiresAt,
                finishedAt,
                traceParent,
                version);
    }
}
