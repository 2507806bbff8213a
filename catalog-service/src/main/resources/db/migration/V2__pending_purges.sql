-- Deleted videos whose objects may still be in the bucket. A row is written in the transaction that records the
-- deletion (after the video.deleted event was acknowledged) and removed once the source and outputs are gone, so
-- objects are only removed for a deletion that is durable and published, and a failed removal is retried.
-- Not part of the fingerprint: it is work in progress, not a projection of the topics.
CREATE TABLE pending_purges (
    video_id      varchar(128) PRIMARY KEY,
    source_bucket text,
    source_key    text,
    recorded_at   timestamptz  NOT NULL
);
