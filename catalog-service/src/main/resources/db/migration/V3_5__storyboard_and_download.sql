-- Scrubbing previews (transcode.completed's storyboard: a WebVTT file over JPEG sprites) and the owner's permission
-- to download the progressive MP4 (video.updated's downloadable; null in older events means no). Versioned 3.5 so
-- that it sorts after V3 and cannot collide with a V4 another change adds at the same time.
ALTER TABLE videos ADD COLUMN completion_storyboard_path text;
ALTER TABLE videos ADD COLUMN metadata_downloadable boolean;
