-- What an assistant message was made of (issue #16). JSON documents are stored as jsonb: written and read whole
-- by this service, kept inspectable with SQL.
ALTER TABLE chat_messages
    ADD COLUMN entities          jsonb,
    -- The tracks as shown (ids and the snapshot the user saw), in order.
    ADD COLUMN tracks            jsonb,
    ADD COLUMN playlist          jsonb,
    ADD COLUMN insight           jsonb,
    ADD COLUMN provider          text,
    ADD COLUMN model             text,
    ADD COLUMN tokens_input      integer,
    ADD COLUMN tokens_output     integer,
    ADD COLUMN latency_ms        bigint,
    ADD COLUMN fallback_attempts integer,
    ADD COLUMN prompt_version    text,
    -- ok, or degraded when a service the turn needed was unavailable and the reply says so.
    ADD COLUMN outcome           text CHECK (outcome IN ('ok', 'degraded'));

-- A session's state between turns: the current music request and the list last shown. One row per session, so
-- a restart or another replica continues the conversation where it was.
CREATE TABLE chat_conversation_state (
    session_id uuid PRIMARY KEY REFERENCES chat_sessions (id) ON DELETE CASCADE,
    request    jsonb,
    shown      jsonb       NOT NULL,
    request_id text,
    updated_at timestamptz NOT NULL
);

-- Messages per user and minute (fixed windows), counted here rather than in memory so the limit holds across
-- replicas. Rows older than a few minutes are removed as the user's next message is counted.
CREATE TABLE chat_message_quota (
    user_id      text        NOT NULL,
    window_start timestamptz NOT NULL,
    messages     integer     NOT NULL,
    PRIMARY KEY (user_id, window_start)
);
