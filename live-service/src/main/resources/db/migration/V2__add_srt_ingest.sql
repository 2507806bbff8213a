-- SRT ingest beside RTMP: each channel's MediaLive SRT listener input and its address (srt://host:port; the
-- stream key is the streamid). Null for channels made before SRT ingest, which keep RTMP only.
ALTER TABLE channel ADD COLUMN srt_input_id VARCHAR(64);
ALTER TABLE channel ADD COLUMN srt_url VARCHAR(500);
