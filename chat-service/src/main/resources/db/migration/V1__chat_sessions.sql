-- A chat session belongs to one user; its messages go with it when it is deleted.
CREATE TABLE chat_sessions (
    id         uuid PRIMARY KEY,
    user_id    text        NOT NULL,
    title      text        NOT NULL,
    -- The LLM provider the user asked for in this session; null lets the router choose.
    provider   text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
-- The owner's list, newest first.
CREATE INDEX chat_sessions_by_user ON chat_sessions (user_id, created_at DESC, id);

CREATE TABLE chat_messages (
    id         uuid PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role IN ('user', 'assistant')),
    text       text        NOT NULL,
    -- Set on user messages once interpreted; the values are the public API's chat intents.
    intent     text CHECK (intent IN ('recommend', 'refine', 'create_playlist', 'insight', 'feedback',
                                      'playback', 'help', 'smalltalk')),
    created_at timestamptz NOT NULL
);
-- A conversation read oldest first; also serves the per-session message count and the cascade.
CREATE INDEX chat_messages_by_session ON chat_messages (session_id, created_at, id);
