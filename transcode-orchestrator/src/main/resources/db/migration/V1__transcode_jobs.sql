-- One row per MediaConvert job attempt of a video. The unique (video_id, attempt) and the unique client
-- request token are what make a redelivered video.uploaded, or a crash between CreateJob and commit, harmless.
CREATE TABLE transcode_job (
    id                   BIGSERIAL PRIMARY KEY,
    video_id             VARCHAR(64)   NOT NULL,
    attempt              INT           NOT NULL CHECK (attempt >= 1),
    owner_id             VARCHAR(255)  NOT NULL,
    source_bucket        VARCHAR(255)  NOT NULL,
    source_key           VARCHAR(1024) NOT NULL,
    uploaded_event_id    VARCHAR(64)   NOT NULL,
    uploaded_at          TIMESTAMPTZ   NOT NULL,
    client_request_token VARCHAR(64)   NOT NULL,
    job_id               VARCHAR(128),
    status               VARCHAR(16)   NOT NULL,
    percent              INT           NOT NULL DEFAULT 0,
    phase                VARCHAR(32),
    source_width         INT,
    source_height        INT,
    duration_ms          BIGINT,
    error_code           VARCHAR(64),
    error_message        TEXT,
    created_at           TIMESTAMPTZ   NOT NULL,
    submitted_at         TIMESTAMPTZ,
    last_event_at        TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ   NOT NULL,
    CONSTRAINT transcode_job_video_attempt UNIQUE (video_id, attempt),
    CONSTRAINT transcode_job_token UNIQUE (client_request_token),
    CONSTRAINT transcode_job_job_id UNIQUE (job_id)
);

CREATE INDEX transcode_job_open ON transcode_job (status, updated_at)
    WHERE status IN ('PENDING', 'SUBMITTED', 'PROGRESSING');
