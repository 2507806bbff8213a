-- Each video's owner, fixed by the first event that names it: a later event naming another owner is refused, so
-- no event can send one owner's video activity to another's webhooks or stream.
create table video_owner (
    video_id varchar(128) primary key,
    owner_id varchar(255) not null
);
