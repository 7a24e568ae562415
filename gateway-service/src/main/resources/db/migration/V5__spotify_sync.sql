-- Spotify listening sync (issue 19, docs/privacy.md "Spotify sync"): one row per user who signed in with Spotify.
-- The sync scheduler (service.SpotifySyncScheduler) claims due rows for a short lease with FOR UPDATE SKIP LOCKED,
-- so gateway replicas never sync one user at the same time; the row holds where the user's sync stands.
CREATE TABLE spotify_sync (
    user_id            uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Spotify's recently-played cursor: the next call asks for plays after it (epoch ms); null before the first sync.
    cursor_after_ms    bigint,
    -- When the user is due next; a 429's Retry-After moves it out (and backoff_until with it).
    next_sync_at       timestamptz NOT NULL,
    backoff_until      timestamptz,
    -- Spotify no longer accepts the connection (refresh token revoked, or a scope missing): no sync until the user
    -- signs in with Spotify again, which clears it.
    reconnect_required boolean     NOT NULL DEFAULT false,
    leased_until       timestamptz,
    -- The last run: when it ended, OK / RATE_LIMITED / RECONNECT_REQUIRED / FAILED, a message for the user (never a
    -- token or Spotify's raw answer), and how many new plays it stored.
    last_sync_at       timestamptz,
    outcome            text,
    message            text,
    records_stored     integer
);
CREATE INDEX spotify_sync_due ON spotify_sync (next_sync_at) WHERE NOT reconnect_required;

-- Users who signed in with Spotify before this migration are synced too.
INSERT INTO spotify_sync (user_id, next_sync_at)
SELECT id, now() FROM users WHERE spotify_refresh_token IS NOT NULL;
