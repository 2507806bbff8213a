-- Run once by the postgres image, when its data volume is first initialised: one database per service,
-- as the dev stack names them (no service reads another's database).
CREATE DATABASE upload;
CREATE DATABASE transcode;
CREATE DATABASE catalog;
CREATE DATABASE notify;
CREATE DATABASE playback;
CREATE DATABASE live;
