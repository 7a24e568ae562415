-- Each version keeps a snapshot of its tracks (name, artists, album, duration, URI, features, explanation) so a
-- playlist reads the same after the catalog changes. Rows written before snapshots existed get ids and URIs only.
ALTER TABLE playlist_versions ADD COLUMN tracks jsonb;
-- Stored as {"tracks": [...]}: a JSON object, which every reactive driver binds as a parameter.
UPDATE playlist_versions v SET tracks = jsonb_build_object('tracks', (
    SELECT coalesce(jsonb_agg(jsonb_build_object('position', u.o, 'trackId', u.t, 'uri', 'spotify:track:' || u.t)
                              ORDER BY u.o), '[]'::jsonb)
    FROM unnest(v.track_ids) WITH ORDINALITY AS u(t, o)));
ALTER TABLE playlist_versions ALTER COLUMN tracks SET NOT NULL;

-- A refresh schedule: due rows are claimed with FOR UPDATE SKIP LOCKED (docs/playlists.md "Schedules").
ALTER TABLE playlists ADD COLUMN schedule_every text CHECK (schedule_every IN ('daily', 'weekly'));
ALTER TABLE playlists ADD COLUMN next_run_at timestamptz;
CREATE INDEX playlists_due ON playlists (next_run_at) WHERE next_run_at IS NOT NULL;

-- The Spotify playlist this one was saved to: later saves replace its items instead of creating another.
ALTER TABLE playlists ADD COLUMN spotify_playlist_id text;

-- One live share code per playlist; revoking deletes the row, so the code stops working at once.
CREATE TABLE playlist_shares (
    code        text PRIMARY KEY,
    playlist_id uuid        NOT NULL UNIQUE REFERENCES playlists (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL
);
