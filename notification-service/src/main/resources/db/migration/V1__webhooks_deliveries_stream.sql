-- Subscriptions: one row per endpoint an owner registered.
CREATE TABLE webhook (
    id                         uuid PRIMARY KEY,
    owner_id                   text        NOT NULL,
    url                        text        NOT NULL,
    event_types                text[]      NOT NULL,
    description                text,
    secret                     text        NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    status                     text        NOT NULL,
    disabled_reason            text,
    disabled_at                timestamptz,
    created_at                 timestamptz NOT NULL,
    version                    bigint      NOT NULL
);
CREATE INDEX webhook_owner ON webhook (owner_id, status);

-- Event ids already taken in: replaying a topic inserts nothing new.
CREATE TABLE processed_event (
    event_id     text PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- One message per (event, endpoint); the delivery schedule lives here, so a restart resumes it.
CREATE TABLE delivery (
    id              uuid PRIMARY KEY,
    webhook_id      uuid        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    message_id      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    CONSTRAINT delivery_once_per_endpoint UNIQUE (event_id, webhook_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_log ON delivery (webhook_id, created_at DESC);

CREATE TABLE delivery_attempt (
    id            bigserial PRIMARY KEY,
    delivery_id   uuid        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt       int         NOT NULL,
    started_at    timestamptz NOT NULL,
    duration_ms   bigint      NOT NULL,
    outcome       text        NOT NULL,
    status_code   int,
    error         text,
    response_body text
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, attempt);

-- The recent events each owner's browser stream can resume from (Last-Event-ID = seq).
CREATE TABLE stream_event (
    seq         bigserial PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    owner_id    text        NOT NULL,
    name        text        NOT NULL,
    data        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_event_owner ON stream_event (owner_id, seq);
