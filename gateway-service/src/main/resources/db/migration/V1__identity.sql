-- Users of EchoTune: local accounts today, Spotify sign-in later (same table).
CREATE TABLE users (
    id                       uuid PRIMARY KEY,
    display_name             text        NOT NULL,
    -- Spotify sign-in: the Spotify user id, and its OAuth tokens encrypted at rest (AES-GCM, key from the
    -- environment). Null for local accounts.
    spotify_user_id          text UNIQUE,
    spotify_access_token     bytea,
    spotify_refresh_token    bytea,
    spotify_token_expires_at timestamptz,
    created_at               timestamptz NOT NULL
);

-- Personal access tokens. Only a SHA-256 hash of each token is kept; the token is shown once.
CREATE TABLE access_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    scopes       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz
);
CREATE INDEX access_tokens_by_user ON access_tokens (user_id, created_at);
