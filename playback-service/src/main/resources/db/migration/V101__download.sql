-- The progressive MP4 is not opened by a session's cookies: playback signs a short-lived URL for it, and only while
-- the owner allows downloads. Rows from before these columns learn the MP4 from the next transcode.completed and
-- the permission from the next video.updated of their video (until then: no download).
alter table playable_video add column download_path varchar(1024);
alter table playable_video add column downloadable boolean not null default false;
