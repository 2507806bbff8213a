package dev.vodflow.catalog.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vodflow.catalog.video.VideoViews.ErrorView;
import dev.vodflow.catalog.video.VideoViews.UploadView;
import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import dev.vodflow.catalog.video.VideoViews.VideoView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each video's JSON as the API returns it, rendered when the video is written (by {@link VideoStore}) and kept in its
 * row, so that a read is an index lookup and a copy of bytes. Three parts: the document anyone who may see the video
 * gets ({@code GET /videos/{id}}), the members only its owner sees (upload details, the failure), which
 * {@link Stored#forViewer} appends, and its summary in the owner's list ({@link #page}). All come from
 * {@link VideoView}, {@link VideoSummary} and the service's own JSON mapper, so they are what the controller would
 * have written itself.
 *
 * <p>A row carries the {@link #VERSION} it was rendered in. A row without one (written before the documents existed,
 * or by anything but this service) or with another (rendered before the JSON changed) is read the old way and rendered
 * again in the background ({@link DueDocuments}).
 */
@Component
class VideoDocuments {

    /**
     * The shape of the stored documents: raise it with any change to what {@link VideoView} or {@link VideoSummary}
     * write, or to what is stored. 2: with the summary (V103).
     */
    static final short VERSION = 2;

    private static final byte[] PAGE_START = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;

    VideoDocuments(JsonMapper json) {
        this.json = json;
    }

    /**
     * A video's JSON: the document for everyone, the owner's members ({@code null} when it has none), and its summary
     * in the owner's list.
     */
    record Rendered(String document, String ownerFields, String summary) {

        /** The document and the owner's members as a GET writes them. */
        Stored stored() {
            return new Stored(
                    document.getBytes(StandardCharsets.UTF_8),
                    ownerFields == null ? null : ownerFields.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A video's document and its owner's members ({@code null} when it has none) in UTF-8, as a row holds them: what
     * {@code GET /videos/{id}} reads and writes without decoding.
     */
    record Stored(byte[] document, byte[] ownerFields) {

        /**
         * The video's JSON for its owner: the document with the owner's members after its own
         * ({@code {"id":…,"updatedAt":…}} and {@code {"error":…}} make {@code {"id":…,"updatedAt":…,"error":…}}); for
         * anyone else, the document.
         */
        byte[] forViewer(boolean owner) {
            if (!owner || ownerFields == null) {
                return document;
            }
            byte[] json = Arrays.copyOf(document, document.length + ownerFields.length - 1);
            json[document.length - 1] = ',';
            System.arraycopy(ownerFields, 1, json, document.length, ownerFields.length - 1);
            return json;
        }
    }

    /** The members of a video's JSON that only its owner sees, in the order {@link VideoView} has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record OwnerFields(ErrorView error, UploadView upload) {}

    Rendered render(Video video) {
        OwnerFields owners = new OwnerFields(ErrorView.of(video), UploadView.of(video));
        return new Rendered(
                json.writeValueAsString(VideoView.of(video, false)),
                owners.error() == null && owners.upload() == null ? null : json.writeValueAsString(owners),
                json.writeValueAsString(VideoSummary.of(video)));
    }

    /**
     * A page of the owner's list from its videos' summaries, as {@link VideoPage} would be written ({@code nextCursor}
     * absent on the last page; a cursor is base64url, nothing in it to escape).
     */
    static byte[] page(List<byte[]> summaries, String nextCursor) {
        byte[] end = (nextCursor == null ? "]}" : "],\"nextCursor\":\"" + nextCursor + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        int size = PAGE_START.length + Math.max(0, summaries.size() - 1) + end.length;
        for (byte[] summary : summaries) {
            size += summary.length;
        }
        byte[] page = new byte[size];
        System.arraycopy(PAGE_START, 0, page, 0, PAGE_START.length);
        int at = PAGE_START.length;
        for (int i = 0; i < summaries.size(); i++) {
            if (i > 0) {
                page[at++] = ',';
            }
            byte[] summary = summaries.get(i);
            System.arraycopy(summary, 0, page, at, summary.length);
            at += summary.length;
        }
        System.arraycopy(end, 0, page, at, end.length);
        return page;
    }
}
