package dev.vodflow.upload.uploads;

import dev.vodflow.events.VideoUploaded.Origin;
import dev.vodflow.upload.uploads.ObjectStore.PresignedUrl;
import dev.vodflow.upload.uploads.ObjectStore.StoredPart;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** The upload API. Every upload belongs to the token's subject; anyone else gets 404. */
@RestController
@RequestMapping("/uploads")
@SecurityRequirement(name = "bearer")
class UploadController {

    private final Uploads uploads;

    UploadController(Uploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping
    @Operation(summary = "Start an upload: one presigned PUT for small files, a multipart plan for large ones")
    ResponseEntity<UploadPlan> create(@AuthenticationPrincipal Jwt caller, @Valid @RequestBody NewUpload request) {
        var created = uploads.create(
                caller.getSubject(),
                request.title().strip(),
                request.fileName(),
                request.contentType(),
                request.size());
        return ResponseEntity.created(URI.create("/uploads/" + created.upload().id()))
                .body(UploadPlan.of(created));
    }

    @GetMapping
    @Operation(summary = "The caller's uploads, newest first")
    List<UploadStatus> list(
            @AuthenticationPrincipal Jwt caller, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return uploads.list(caller.getSubject(), limit).stream()
                .map(UploadStatus::of)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "An upload's state, with the reason when it was rejected")
    UploadStatus get(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
        return UploadStatus.of(uploads.get(caller.getSubject(), id));
    }

    @GetMapping("/{id}/parts")
    @Operation(summary = "Which parts of a multipart upload S3 already has, and which are missing")
    PartsStatus parts(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
        return PartsStatus.of(uploads.parts(caller.getSubject(), id));
    }

    @PostMapping("/{id}/urls")
    @Operation(summary = "Fresh presigned URLs: the PUT again, or the listed parts (default: the missing ones)")
    UploadPlan freshUrls(
            @AuthenticationPrincipal Jwt caller,
            @PathVariable String id,
            @Valid @RequestBody(required = false) UrlsRequest request) {
        return UploadPlan.of(
                uploads.freshUrls(caller.getSubject(), id, request == null ? null : request.partNumbers()));
    }

    @PostMapping("/{id}/complete")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Complete a multipart upload; the upload becomes UPLOADED once S3 reports the object")
    UploadStatus complete(
            @AuthenticationPrincipal Jwt caller, @PathVariable String id, @Valid @RequestBody CompleteRequest request) {
        List<CompletedPart> parts = request.parts().stream()
                .map(part -> CompletedPart.builder()
                        .partNumber(part.partNumber())
                        .eTag(part.etag())
                        .build())
                .toList();
        return UploadStatus.of(uploads.complete(caller.getSubject(), id, parts));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Abort an upload, discarding its multipart upload and any stored bytes")
    void abort(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
        uploads.abort(caller.getSubject(), id);
    }

    record NewUpload(
            @NotBlank
            @Size(max = 500)
            @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character (U+0000)")
            String title,

            @NotBlank
            @Size(max = 1024)
            @Pattern(
                    regexp = "[^/\\\\\\p{Cntrl}]+",
                    message = "must be a file name without path separators or control characters")
            String fileName,

            @NotBlank @Size(max = 255) String contentType,
            @NotNull @Positive Long size) {}

    record UrlsRequest(List<@NotNull @Positive Integer> partNumbers) {}

    record CompleteRequest(@NotEmpty List<@Valid @NotNull PartETag> parts) {}

    record PartETag(
            @NotNull @Positive Integer partNumber, @NotBlank String etag) {}

    /**
     * What the client does next: one PUT, or one PUT per part then {@code POST /uploads/{id}/complete}. {@code traceId}
     * names the upload's trace (open it in the trace viewer: every step from this call to the webhooks is in it).
     */
    record UploadPlan(
            String id,
            String videoId,
            UploadState state,
            Instant expiresAt,
            PresignedUrl upload,
            Multipart multipart,
            String traceId) {

        static UploadPlan of(Uploads.Created created) {
            Upload upload = created.upload();
            Multipart multipart = upload.isMultipart()
                    ? new Multipart(
                            upload.multipartUploadId(),
                            upload.partSize(),
                            upload.partCount(),
                            created.parts().stream()
                                    .map(part -> new PartPlan(part.partNumber(), part.size(), part.request()))
                                    .toList())
                    : null;
            return new UploadPlan(
                    upload.id(),
                    upload.id(),
                    upload.state(),
                    upload.expiresAt(),
                    created.put(),
                    multipart,
                    upload.traceId());
        }
    }

    record Multipart(String uploadId, long partSize, int partCount, List<PartPlan> parts) {}

    record PartPlan(int partNumber, long size, PresignedUrl upload) {}

    record UploadStatus(
            String id,
            String videoId,
            UploadState state,
            String reason,
            String title,
            String fileName,
            String contentType,
            long size,
            Origin origin,
            boolean multipart,
            Long partSize,
            Integer partCount,
            String etag,
            Instant createdAt,
            Instant expiresAt,
            Instant finishedAt,
            String traceId) {

        static UploadStatus of(Upload upload) {
            return new UploadStatus(
                    upload.id(),
                    upload.id(),
                    upload.state(),
                    upload.reason(),
                    upload.title(),
                    upload.originalFileName(),
                    upload.contentType(),
                    upload.storedSize() != null ? upload.storedSize() : upload.declaredSize(),
                    upload.origin(),
                    upload.isMultipart(),
                    upload.partSize(),
                    upload.partCount(),
                    upload.etag(),
                    upload.createdAt(),
                    upload.expiresAt(),
                    upload.finishedAt(),
                    upload.traceId());
        }
    }

    record PartsStatus(
            String id, UploadState state, int partCount, long partSize, List<StoredPart> parts, List<Integer> missing) {

        static PartsStatus of(Uploads.PartsReport report) {
            Upload upload = report.upload();
            return new PartsStatus(
                    upload.id(),
                    upload.state(),
                    upload.partCount(),
                    upload.partSize(),
                    report.stored(),
                    report.missing());
        }
    }
}
