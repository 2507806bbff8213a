package dev.vodflow.transcode.job;

/** What the job state side needs to know of deletions (see {@link Deletions}). */
public interface DeletedVideos {

    boolean isDeleted(String videoId);

    /** Removes whatever a job of the deleted video wrote, for a job that ended or moved after the deletion. */
    void jobEndedAfterDeletion(String videoId);
}
