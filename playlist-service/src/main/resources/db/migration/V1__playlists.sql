-- Playlists belong to one user; every version of a playlist is kept so that refinements can be undone.
CREATE TABLE playlists (
    id              uuid PRIMARY KEY,
    user_id         text        NOT NULL,
    name            text        NOT NULL,
    prompt          text,
    current_version integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX playlists_by_user ON playlists (user_id, created_at DESC);

CREATE TABLE playlist_versions (
    playlist_id uuid        NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    prompt      text,
    track_ids   text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (playlist_id, version)
);
