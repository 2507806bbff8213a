package dev.vodflow.catalog.video;

/** The caller may see the video (it is public or unlisted) but only its owner may change it. */
class NotOwnerException extends RuntimeException {

    NotOwnerException(String id) {
        super("only the owner may change video " + id);
    }
}
