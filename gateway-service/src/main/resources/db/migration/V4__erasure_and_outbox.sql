-- Account erasure (issue 19, docs/privacy.md). An erasure holds no personal data: neither the user id nor anything
-- else of the user, only which services have finished. It is what GET /api/v1/me/erasure/{id} answers, to anyone
-- holding the (random, unguessable) id, and is deleted echotune.gateway.erasure.keep-status after it completed.
CREATE TABLE erasures (
    id           uuid PRIMARY KEY,
    requested_at timestamptz NOT NULL,
    completed_at timestamptz
);

-- One row per service that must erase (the gateway itself included); done_at is set by its completion report.
CREATE TABLE erasure_services (
    erasure_id uuid        NOT NULL REFERENCES erasures (id) ON DELETE CASCADE,
    service    text        NOT NULL,
    done_at    timestamptz,
    PRIMARY KEY (erasure_id, service)
);

-- Events written in the same transaction as the change they announce, and published to Kafka by the relay
-- (messaging.OutboxRelay): nothing is lost between the commit and the send. A relay claims rows for a short lease
-- (claimed_until), sends them, waits for the broker's acknowledgement and marks them sent; a relay that dies leaves
-- its lease to expire and another sends them again (consumers are idempotent, event ids deterministic). A user's
-- rows are deleted once their erasure has completed: the payload names the user.
CREATE TABLE outbox (
    id            uuid PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    claimed_until timestamptz,
    sent_at       timestamptz
);
CREATE INDEX outbox_unsent ON outbox (created_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_key ON outbox (message_key);
