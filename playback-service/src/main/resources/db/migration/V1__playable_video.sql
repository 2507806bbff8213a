-- The playback projection. A row may start from any of the three topics; visibility stays PRIVATE until a
-- video.updated says otherwise, so a video is never public by accident.
create table playable_video (
    video_id      varchar(128) primary key,
    owner_id      varchar(255) not null,
    visibility    varchar(16)  not null default 'PRIVATE',
    master_path   varchar(1024),
    ready         boolean      not null default false,
    deleted       boolean      not null default false,
    visibility_at timestamptz,
    ready_at      timestamptz,
    deleted_at    timestamptz
);

-- Ids of applied events, so a redelivered or replayed event is dropped.
create table processed_event (
    event_id     varchar(128) primary key,
    processed_at timestamptz  not null
);
