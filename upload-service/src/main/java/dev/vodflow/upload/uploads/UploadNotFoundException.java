package dev.vodflow.upload.uploads;

/** No upload with that id belongs to the caller; deliberately the same answer whether it exists or not. */
class UploadNotFoundException extends RuntimeException {

    UploadNotFoundException(String id) {
        super("no upload " + id);
    }
}
