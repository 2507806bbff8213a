-- One row per video source: created by the API (origin API) or when an object appears under input/
-- without one (origin WATCH_FOLDER).
create table uploads (
    id                  varchar(36)  primary key,
    owner_id            varchar(255) not null,
    title               varchar(500) not null,
    original_file_name  varchar(1024) not null,
    content_type        varchar(255),
    declared_size       bigint       not null check (declared_size >= 0),
    object_key          varchar(1024) not null,
    origin              varchar(16)  not null,
    multipart_upload_id varchar(1024),
    part_size           bigint,
    part_count          integer,
    state               varchar(16)  not null,
    reason              varchar(1000),
    etag                varchar(255),
    stored_size         bigint,
    -- the deterministic id of the video.uploaded event for (bucket, key, ETag): a redelivered
    -- notification of the same object finds it and publishes nothing new
    event_id            varchar(36)  unique,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    finished_at         timestamp with time zone,
    version             bigint       not null
);

create index uploads_owner_created on uploads (owner_id, created_at desc);
create index uploads_object_key on uploads (object_key);
create index uploads_awaiting_expiry on uploads (expires_at) where state = 'AWAITING_UPLOAD';
