-- Issue 15 (PostgreSQL outage while events flow). records_written counted every delivery of a batch: a batch whose
-- UPDATE committed but whose answer was lost (PostgreSQL cut at that moment), or that was redelivered after a
-- restart, was added again. The writer now adds a batch only past the last batch it added, in the same UPDATE:
-- an import's batches reach the writer in (file_no, batch_no) order on its user's partition, so a redelivered or
-- re-sent batch is never past the mark and is counted once.
ALTER TABLE import_jobs
    ADD COLUMN written_file_no  integer NOT NULL DEFAULT -1,
    ADD COLUMN written_batch_no bigint  NOT NULL DEFAULT -1;

COMMENT ON COLUMN import_jobs.records_written IS
    'progress of the history writer: records of the batches written so far, each batch counted once';
