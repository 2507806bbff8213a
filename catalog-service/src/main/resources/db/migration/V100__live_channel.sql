-- Live channels as the catalog lists them, from live.started, live.ended and live.recorded. Numbered apart from
-- the video migrations, which evolve on their own.
create table live_channel (
    channel_id    varchar(128) primary key,
    owner_id      varchar(255) not null,
    title         varchar(255),
    state         varchar(16)  not null,
    broadcast_id  varchar(128) not null,
    playlist_path varchar(1024) not null,
    recording_id  varchar(128),
    changed_at    timestamptz  not null
);

create index live_channel_state on live_channel (state);
