-- E-mail (issue 22). Versioned after the issue so it cannot collide with another feature's next migration.

-- A user's address and consent. No row, or no address: no mail. video_mail is the opt-in to mail about own videos.
CREATE TABLE email_profile (
    owner_id   text PRIMARY KEY,
    address    text,
    locale     text        NOT NULL,
    video_mail boolean     NOT NULL,
    updated_at timestamptz NOT NULL
);

-- What a mail about a video calls it: the title, from video.uploaded and video.updated (events of other topics are
-- not ordered with these, so the newest event time wins).
CREATE TABLE email_video (
    video_id    text PRIMARY KEY,
    owner_id    text        NOT NULL,
    title       text,
    occurred_at timestamptz NOT NULL
);

-- Addresses never mailed again: bounced, complained, or unsubscribed (operators). Lower-cased.
CREATE TABLE email_suppression (
    address    text PRIMARY KEY,
    reason     text        NOT NULL,
    detail     text,
    created_at timestamptz NOT NULL
);

-- The outbox. dedup_key says what the mail is about (video.ready:<videoId>, ...): one mail per key, ever, so a
-- replayed topic or a second event for the same state sends nothing.
CREATE TABLE email_message (
    id              uuid PRIMARY KEY,
    dedup_key       text        NOT NULL UNIQUE,
    kind            text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text        NOT NULL,
    unsubscribe_url text        NOT NULL,
    status          text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    lease_until     timestamptz,
    last_error      text,
    ses_message_id  text,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz
);
CREATE INDEX email_message_due ON email_message (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX email_message_sending ON email_message (lease_until) WHERE status = 'SENDING';
