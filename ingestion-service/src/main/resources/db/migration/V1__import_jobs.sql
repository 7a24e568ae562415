-- One row per import. Files, rejected-record errors (first 100) and skipped files are small lists that are always
-- read and written with their import, so they live in jsonb columns of the same row.
CREATE TABLE import_jobs (
    id              uuid PRIMARY KEY,
    user_id         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    files           jsonb       NOT NULL,
    skipped_files   jsonb       NOT NULL,
    errors          jsonb       NOT NULL DEFAULT '[]',
    records_read    bigint      NOT NULL DEFAULT 0,
    records_stored  bigint      NOT NULL DEFAULT 0,
    duplicates      bigint      NOT NULL DEFAULT 0,
    rejected        bigint      NOT NULL DEFAULT 0,
    -- progress of the history writer while RUNNING (redeliveries may count twice): not a final count
    records_written bigint      NOT NULL DEFAULT 0,
    first_played_at timestamptz,
    last_played_at  timestamptz,
    failure         text,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX import_jobs_by_user ON import_jobs (user_id, created_at DESC, id);
