-- Live channels as playback needs them: whether one is on air now, from live.started and live.ended. Numbered
-- apart from the video migrations, which evolve on their own.
create table live_channel (
    channel_id    varchar(128) primary key,
    owner_id      varchar(255) not null,
    broadcast_id  varchar(128) not null,
    playlist_path varchar(1024) not null,
    live          boolean      not null,
    changed_at    timestamptz  not null
);
