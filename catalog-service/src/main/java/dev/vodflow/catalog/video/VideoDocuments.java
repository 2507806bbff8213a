package dev.vodflow.catalog.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vodflow.catalog.video.VideoViews.ErrorView;
import dev.vodflow.catalog.video.VideoViews.UploadView;
import dev.vodflow.catalog.video.VideoViews.VideoView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each video's JSON as {@code GET /videos/{id}} returns it, rendered when the video is written (by {@link VideoStore})
 * and kept in its row, so that a read is one index lookup and a copy of bytes. Two parts: the document anyone who may
 * see the video gets, and the members only its owner sees (upload details, the failure), which {@link #forOwner}
 * appends. Both come from {@link VideoView} and the service's own JSON mapper, so they are what the controller would
 * have written itself.
 *
 * <p>A row carries the {@link #VERSION} it was rendered in. A row without one (written before the documents existed,
 * or by anything but this service) or with another (rendered before the JSON changed: raise {@code VERSION} with any
 * change to {@link VideoView}) is read the old way and rendered again in the background ({@link DueDocuments}).
 */
@Component
class VideoDocuments {

    /** The shape of the stored documents: raise it with any change to what {@link VideoView} writes. */
    static final short VERSION = 1;

    private final JsonMapper json;

    VideoDocuments(JsonMapper json) {
        this.json = json;
    }

    /** A video's two parts: the document for everyone, and the owner's members ({@code null} when it has none). */
    record Rendered(String document, String ownerFields) {

        String forViewer(Video video, String viewer) {
            return video.ownedBy(viewer) ? forOwner(document, ownerFields) : document;
        }
    }

    /** The members of a video's JSON that only its owner sees, in the order {@link VideoView} has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record OwnerFields(ErrorView error, UploadView upload) {}

    Rendered render(Video video) {
        VideoView owners = VideoView.of(video, video.ownerId());
        VideoView everyone = owners.withoutOwnerFields();
        String ownerFields = owners.error() == null && owners.upload() == null
                ? null
                : json.writeValueAsString(new OwnerFields(owners.error(), owners.upload()));
        return new Rendered(json.writeValueAsString(everyone), ownerFields);
    }

    /**
     * The owner's document: the viewer's, with the owner's members after its own ({@code {"id":…,"updatedAt":…}} and
     * {@code {"error":…}} make {@code {"id":…,"updatedAt":…,"error":…}}).
     */
    static String forOwner(String document, String ownerFields) {
        if (ownerFields == null) {
            return document;
        }
        return document.substring(0, document.length() - 1) + ',' + ownerFields.substring(1);
    }
}
