-- The catalog is a projection of the video and transcode topics. Every column is a function of the
-- events applied (times come from the events, never from the clock), so replaying the topics into an
-- empty database rebuilds the same rows; catalog_fingerprint() below checks that.
--
-- Each kind of event writes its own group of columns (a "register": upload_*, progress_*, completion_*,
-- failure_*, metadata_*); the newest event of a kind, by (occurred_at, event_id), wins. The flat columns
-- (title, visibility, state, percent, created_at, updated_at) are derived from the registers on every
-- write so that they can be indexed and filtered on.

CREATE TABLE videos (
    id                            varchar(128) PRIMARY KEY,
    owner_id                      varchar(255) NOT NULL,
    title                         text         NOT NULL,
    description                   text,
    visibility                    varchar(16)  NOT NULL,
    state                         varchar(16)  NOT NULL,
    percent                       smallint     NOT NULL,
    created_at                    timestamptz  NOT NULL,
    updated_at                    timestamptz  NOT NULL,

    upload_event_id               varchar(128),
    upload_occurred_at            timestamptz,
    upload_title                  text,
    upload_original_file_name     text,
    upload_content_type           text,
    upload_bucket                 text,
    upload_key                    text,
    upload_size                   bigint,

    progress_event_id             varchar(128),
    progress_occurred_at          timestamptz,
    progress_job_id               text,
    progress_percent              smallint,
    progress_phase                text,

    completion_event_id           varchar(128),
    completion_occurred_at        timestamptz,
    completion_job_id             text,
    completion_duration_ms        bigint,
    completion_source_width       integer,
    completion_source_height      integer,
    completion_hls_master_path    text,
    completion_poster_path        text,

    failure_event_id              varchar(128),
    failure_occurred_at           timestamptz,
    failure_job_id                text,
    failure_error_code            text,
    failure_message               text,
    failure_attempt               integer,
    failure_retryable             boolean,

    metadata_event_id             varchar(128),
    metadata_occurred_at          timestamptz,
    metadata_title                text,
    metadata_description          text,
    metadata_visibility           varchar(16),

    CONSTRAINT videos_state_check CHECK (state IN ('PROCESSING', 'READY', 'FAILED')),
    CONSTRAINT videos_visibility_check CHECK (visibility IN ('PRIVATE', 'UNLISTED', 'PUBLIC')),
    CONSTRAINT videos_percent_check CHECK (percent BETWEEN 0 AND 100)
);

-- GET /videos: the caller's videos, newest first, keyset pagination on (created_at, id).
CREATE INDEX videos_owner_created_idx ON videos (owner_id, created_at DESC, id DESC);
-- The same with the state filter, so "my failed videos" does not scan every video of a big owner.
CREATE INDEX videos_owner_state_created_idx ON videos (owner_id, state, created_at DESC, id DESC);

CREATE TABLE video_renditions (
    video_id  varchar(128) NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    ordinal   integer      NOT NULL,
    kind      varchar(16)  NOT NULL,
    width     integer      NOT NULL,
    height    integer      NOT NULL,
    bitrate   bigint       NOT NULL,
    codecs    text,
    path      text         NOT NULL,
    PRIMARY KEY (video_id, ordinal)
);

CREATE TABLE video_thumbnails (
    video_id  varchar(128) NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    ordinal   integer      NOT NULL,
    path      text         NOT NULL,
    time_ms   bigint       NOT NULL,
    width     integer      NOT NULL,
    height    integer      NOT NULL,
    PRIMARY KEY (video_id, ordinal)
);

-- A deleted video stays deleted: events that arrive for it later (or earlier topics replayed after
-- video.deleted) are dropped. The earliest deletion, by (deleted_at, event_id), is kept.
CREATE TABLE deleted_videos (
    video_id    varchar(128) PRIMARY KEY,
    owner_id    varchar(255) NOT NULL,
    deleted_at  timestamptz  NOT NULL,
    event_id    varchar(128) NOT NULL
);

-- Every event id applied (or knowingly ignored), so a redelivered event changes nothing. No clock
-- column: the table is part of the fingerprint.
CREATE TABLE processed_events (
    event_id     varchar(128) PRIMARY KEY,
    event_type   varchar(64)  NOT NULL,
    video_id     varchar(128) NOT NULL,
    occurred_at  timestamptz  NOT NULL
);

-- Title search: ILIKE '%q%' with a trigram GIN index. pg_trgm is a trusted extension (PostgreSQL 13+)
-- and available on RDS/Aurora; where it cannot be created the search still works, as a filter on the
-- owner's index range, just without the trigram index.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): title search runs without a trigram index', SQLERRM;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX videos_title_trgm_idx ON videos USING gin (title gin_trgm_ops)';
    END IF;
END
$$;

-- An md5 per table over its rows in key order (and one over all of them), to compare a rebuilt
-- database with the one it replaces: SELECT * FROM catalog_fingerprint();
-- The time zone is pinned so that timestamptz renders the same whatever the session says.
CREATE FUNCTION catalog_fingerprint()
    RETURNS TABLE (table_name text, row_count bigint, md5 text)
    LANGUAGE sql STABLE
    SET timezone = 'UTC'
AS $$
    WITH parts AS (
        SELECT 'videos' AS table_name, count(*) AS row_count,
               md5(coalesce(string_agg(v::text, E'\n' ORDER BY v.id), '')) AS md5
          FROM videos v
        UNION ALL
        SELECT 'video_renditions', count(*),
               md5(coalesce(string_agg(r::text, E'\n' ORDER BY r.video_id, r.ordinal), ''))
          FROM video_renditions r
        UNION ALL
        SELECT 'video_thumbnails', count(*),
               md5(coalesce(string_agg(t::text, E'\n' ORDER BY t.video_id, t.ordinal), ''))
          FROM video_thumbnails t
        UNION ALL
        SELECT 'deleted_videos', count(*),
               md5(coalesce(string_agg(d::text, E'\n' ORDER BY d.video_id), ''))
          FROM deleted_videos d
        UNION ALL
        SELECT 'processed_events', count(*),
               md5(coalesce(string_agg(p::text, E'\n' ORDER BY p.event_id), ''))
          FROM processed_events p
    )
    SELECT table_name, row_count, md5 FROM parts
    UNION ALL
    SELECT 'all', sum(row_count)::bigint, md5(string_agg(table_name || ':' || md5, ',' ORDER BY table_name))
      FROM parts;
$$;
