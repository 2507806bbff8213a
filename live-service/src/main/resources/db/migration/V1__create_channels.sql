-- One row per live channel. The stream key is shown to its owner (it goes into OBS), so it is kept as is;
-- MediaLive keeps it too, in the input's stream name.
CREATE TABLE channel (
    id                  VARCHAR(40)  PRIMARY KEY,
    owner_id            VARCHAR(255) NOT NULL,
    title               VARCHAR(200) NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    stream_key          VARCHAR(64)  NOT NULL,
    rtmp_url            VARCHAR(500),
    input_id            VARCHAR(64),
    encoder_channel_id  VARCHAR(64),
    broadcast_id        VARCHAR(40),
    recording_key       VARCHAR(1024),
    recording_state     VARCHAR(16)  NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE,
    ended_at            TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT       NOT NULL
);

CREATE INDEX channel_owner ON channel (owner_id, created_at);
CREATE INDEX channel_recording_pending ON channel (recording_state) WHERE recording_state = 'PENDING';
CREATE UNIQUE INDEX channel_stream_key ON channel (stream_key);
