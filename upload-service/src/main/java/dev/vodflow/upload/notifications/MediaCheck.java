package dev.vodflow.upload.notifications;

import dev.vodflow.upload.UploadProperties;
import dev.vodflow.upload.media.MediaContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The cheap check before a source enters the pipeline: read its first bytes (one ranged GET) and recognise
 * the container. It does not decode anything; the transcoder has the last word.
 */
@Component
class MediaCheck {

    private final S3Client s3;
    private final int inspectedBytes;
    private final Set<MediaContainer> allowed;

    MediaCheck(S3Client s3, UploadProperties settings) {
        this.s3 = s3;
        this.inspectedBytes = (int) settings.notifications().inspectedBytes().toBytes();
        this.allowed = settings.allowedContainers();
    }

    /**
     * @param container the recognised container, when accepted
     * @param contentType the content type stored with the object, if it names a known media type
     * @param rejection why the object is no acceptable source, or null
     */
    record Verdict(MediaContainer container, String contentType, String rejection) {

        static Verdict rejected(String reason) {
            return new Verdict(null, null, reason);
        }
    }

    Verdict inspect(String bucket, String key, long size) {
        if (size == 0) {
            return Verdict.rejected("the object is empty (0 bytes)");
        }
        byte[] head;
        String storedType;
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(
                request -> request.bucket(bucket).key(key).range("bytes=0-" + (Math.min(size, inspectedBytes) - 1)))) {
            head = readUpTo(object, inspectedBytes);
            storedType = object.response().contentType();
        } catch (NoSuchKeyException gone) {
            return Verdict.rejected("the object was deleted before it could be checked");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the first bytes of s3://" + bucket + "/" + key, e);
        }
        Optional<MediaContainer> container = MediaContainer.detect(head);
        if (container.isEmpty()) {
            return Verdict.rejected("the first bytes are no known media container (looked for "
                    + allowed.stream().map(MediaContainer::name).collect(Collectors.joining(", ")) + ")"
                    + describe(head));
        }
        if (!allowed.contains(container.get())) {
            return Verdict.rejected("the media container " + container.get() + " is not accepted here");
        }
        String contentType = MediaContainer.forContentType(storedType)
                .filter(container.get()::equals)
                .map(same -> storedType)
                .orElse(container.get().contentTypes().get(0));
        return new Verdict(container.get(), contentType, null);
    }

    /** A hint for whoever reads the reason: text files are the most common mistake. */
    private static String describe(byte[] head) {
        boolean text = head.length > 0;
        for (byte b : head) {
            int c = b & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20)) {
                text = false;
                break;
            }
        }
        return text ? "; it looks like text" : "";
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }
}
