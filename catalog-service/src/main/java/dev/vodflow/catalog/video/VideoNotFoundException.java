package dev.vodflow.catalog.video;

/** No such video, or one the caller may not see (another owner's private video looks the same). */
class VideoNotFoundException extends RuntimeException {

    VideoNotFoundException(String id) {
        super("no video " + id);
    }
}
