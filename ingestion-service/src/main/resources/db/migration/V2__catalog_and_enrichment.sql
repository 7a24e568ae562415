-- Enrichment coverage of each import: the unique music tracks it holds (tracks_seen) and how many of them the
-- enrichment workers resolved or recorded as unresolved so far; pending = seen - resolved - unresolved.
ALTER TABLE import_jobs
    ADD COLUMN tracks_seen       bigint NOT NULL DEFAULT 0,
    ADD COLUMN tracks_resolved   bigint NOT NULL DEFAULT 0,
    ADD COLUMN tracks_unresolved bigint NOT NULL DEFAULT 0;

-- The unique music tracks of an import (written by the import worker before the seal). A worker that settles a
-- track key settles it for every import still waiting on it, and counts it on each of those jobs in the same
-- statement; only PENDING rows change, so a redelivered request counts nothing twice.
CREATE TABLE import_tracks (
    import_id   uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    track_key   text NOT NULL,
    track_uri   text,
    track_name  text,
    artist_name text,
    album_name  text,
    status      text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RESOLVED', 'UNRESOLVED')),
    PRIMARY KEY (import_id, track_key)
);
CREATE INDEX import_tracks_pending ON import_tracks (track_key) WHERE status = 'PENDING';

-- Catalog loads (admin): one row per load, the per-file reports in jsonb. At most one load runs at a time, across
-- instances: the partial unique index refuses a second RUNNING row. A load whose instance died stops sending
-- heartbeats and is marked FAILED by the next load that wants to start.
CREATE TABLE catalog_loads (
    id                  uuid PRIMARY KEY,
    status              text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    source              text        NOT NULL CHECK (source IN ('directory', 'upload')),
    directory           text,
    files               jsonb       NOT NULL DEFAULT '[]',
    tracks              bigint      NOT NULL DEFAULT 0,
    artists             bigint      NOT NULL DEFAULT 0,
    track_names         bigint      NOT NULL DEFAULT 0,
    tracks_written      bigint      NOT NULL DEFAULT 0,
    artists_written     bigint      NOT NULL DEFAULT 0,
    track_names_written bigint      NOT NULL DEFAULT 0,
    catalog_version     bigint,
    failure             text,
    created_at          timestamptz NOT NULL,
    heartbeat_at        timestamptz NOT NULL,
    finished_at         timestamptz
);
CREATE UNIQUE INDEX catalog_loads_one_running ON catalog_loads ((true)) WHERE status = 'RUNNING';
CREATE INDEX catalog_loads_by_time ON catalog_loads (created_at DESC);
