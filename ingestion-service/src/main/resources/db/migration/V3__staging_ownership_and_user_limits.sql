-- Issue 15. The identity of this database: written into every staged import's manifest, so that start-up recovery
-- deletes only staged uploads it can prove are its own (a staging directory may be shared by mistake between
-- stacks whose databases differ). One row, created once.
CREATE TABLE store_identity (
    id         uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    single     boolean     NOT NULL DEFAULT true UNIQUE CHECK (single)
);
INSERT INTO store_identity (id) VALUES (gen_random_uuid());

-- staged_in: the instance (host and staging directory) holding the import's uploads until it is sealed, so that an
-- instance can tell which unfinished imports lost their files; staged_bytes: their size, for the per-user cap;
-- sealed_at: when every record was in Kafka (the files are no longer needed from then on).
ALTER TABLE import_jobs
    ADD COLUMN staged_in    text,
    ADD COLUMN staged_bytes bigint NOT NULL DEFAULT 0,
    ADD COLUMN sealed_at    timestamptz;

-- The per-user limits and recovery look only at unfinished imports.
CREATE INDEX import_jobs_unfinished ON import_jobs (user_id) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX import_jobs_unsealed_by_stage ON import_jobs (staged_in) WHERE status IN ('QUEUED', 'RUNNING') AND sealed_at IS NULL;
