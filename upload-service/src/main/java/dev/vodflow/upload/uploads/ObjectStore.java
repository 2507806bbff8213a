package dev.vodflow.upload.uploads;

import dev.vodflow.upload.AwsProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The input bucket as the upload API needs it: presigned PUTs and parts, and the multipart lifecycle. */
@Component
class ObjectStore {

    /** S3 user metadata carrying the client's file name; percent-encoded because headers are ASCII. */
    static final String ORIGINAL_NAME_METADATA = "original-name";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    ObjectStore(S3Client s3, S3Presigner presigner, AwsProperties aws) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = aws.s3().bucket();
    }

    String bucket() {
        return bucket;
    }

    /** A PUT whose signature covers content type and length: S3 refuses a body of another size or type. */
    PresignedUrl presignPut(String key, String contentType, long size, String originalName, Duration ttl) {
        var presigned = presigner.presignPutObject(
                request -> request.signatureDuration(ttl).putObjectRequest(put -> put.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .contentLength(size)
                        .metadata(Map.of(ORIGINAL_NAME_METADATA, encode(originalName)))));
        return toUrl(presigned);
    }

    String createMultipartUpload(String key, String contentType, String originalName) {
        return s3.createMultipartUpload(request -> request.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .metadata(Map.of(ORIGINAL_NAME_METADATA, encode(originalName))))
                .uploadId();
    }

    PresignedUrl presignPart(String key, String uploadId, int partNumber, long length, Duration ttl) {
        var presigned = presigner.presignUploadPart(
                request -> request.signatureDuration(ttl).uploadPartRequest(part -> part.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength(length)));
        return toUrl(presigned);
    }

    /** The parts S3 holds for a multipart upload, in part order; empty once it was completed or aborted. */
    List<StoredPart> listParts(String key, String uploadId) {
        List<StoredPart> parts = new ArrayList<>();
        Integer marker = null;
        try {
            ListPartsResponse page;
            do {
                Integer from = marker;
                page = s3.listParts(request ->
                        request.bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(from));
                for (Part part : page.parts()) {
                    parts.add(new StoredPart(part.partNumber(), part.eTag(), part.size()));
                }
                marker = page.nextPartNumberMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()));
        } catch (NoSuchUploadException gone) {
            return List.of();
        }
        return parts;
    }

    /** Completes a multipart upload; S3 then emits {@code ObjectCreated:CompleteMultipartUpload}. */
    void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(request ->
                request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
    }

    /** Aborts a multipart upload, freeing its parts; one that is already gone is fine. */
    void abortMultipartUpload(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException alreadyGone) {
            // completed, aborted or expired by a lifecycle rule meanwhile: nothing left to free
        }
    }

    void delete(String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static PresignedUrl toUrl(PresignedRequest presigned) {
        // The client must send the signed headers as they are; host is its HTTP client's business.
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedUrl(
                presigned.httpRequest().method().name(),
                presigned.url().toString(),
                Collections.unmodifiableMap(headers),
                presigned.expiration());
    }

    record StoredPart(int partNumber, String etag, long size) {}

    /** A request the client makes straight to S3: method, URL, the headers it must send, valid until. */
    record PresignedUrl(String method, String url, Map<String, String> headers, Instant expiresAt) {}
}
