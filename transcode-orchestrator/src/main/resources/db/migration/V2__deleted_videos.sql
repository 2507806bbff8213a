-- Videos deleted in the catalog (video.deleted). Kept for good: a replayed or redelivered video.uploaded of a
-- deleted video must not start a transcode, and a job ending after the deletion must have its outputs removed.
CREATE TABLE deleted_video (
    video_id   varchar(128) PRIMARY KEY,
    owner_id   varchar(255) NOT NULL,
    event_id   varchar(128) NOT NULL,
    deleted_at timestamptz  NOT NULL
);
