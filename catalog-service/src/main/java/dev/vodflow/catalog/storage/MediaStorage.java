package dev.vodflow.catalog.storage;

import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A video's objects in the media bucket: the source under {@code input/{id}/}, outputs under {@code output/{id}/}. */
@Component
public class MediaStorage {

    private final S3Client s3;
    private final String bucket;

    MediaStorage(S3Client s3, AwsProperties aws) {
        this.s3 = s3;
        this.bucket = aws.s3().bucket();
    }

    /**
     * Deletes every object of the video: its source wherever it lies ({@code sourceKey} in {@code sourceBucket},
     * when known; a watch-folder source such as {@code input/clip.mp4} is not under the video's prefix), anything
     * under {@code input/{id}/} and the outputs under {@code output/{id}/} and {@code download/{id}/} (the MP4).
     * Returns how many objects there were.
     * Deleting twice is harmless.
     */
    public int deleteVideo(String videoId, String sourceBucket, String sourceKey) {
        int deleted = 0;
        if (sourceKey != null && !sourceKey.isBlank()) {
            String from = sourceBucket == null || sourceBucket.isBlank() ? bucket : sourceBucket;
            s3.deleteObject(b -> b.bucket(from).key(sourceKey));
            deleted++;
        }
        return deleted
                + deletePrefix("input/" + videoId + "/")
                + deletePrefix("output/" + videoId + "/")
                + deletePrefix("download/" + videoId + "/");
    }

    private int deletePrefix(String prefix) {
        int deleted = 0;
        // Listing pages hold at most 1,000 keys, which is also DeleteObjects' limit.
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(S3Object::key)
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(Delete.builder().objects(keys).quiet(true).build()));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().get(0);
                throw new StorageException(
                        "could not delete " + response.errors().size() + " objects under " + prefix + ", first "
                                + first.key() + ": " + first.code() + " " + first.message());
            }
            deleted += keys.size();
        }
        return deleted;
    }

    /** The bucket refused to delete; the removal stays pending and is tried again. */
    public static class StorageException extends RuntimeException {

        StorageException(String message) {
            super(message);
        }
    }
}
