-- Partner apps (OAuth 2.0 client credentials, docs/partners.md). Registered by an operator; the client secret is
-- shown once and only its SHA-256 is kept (a 256-bit random secret: see docs/security.md for why not PBKDF2).
-- Access tokens live in Redis (gateway:partner-token:<sha-256>), never here.
CREATE TABLE partner_clients (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    secret_hash     text        NOT NULL,
    -- space-separated partner scopes the client may ask for (partner:interpret, partner:recommend, partner:shared)
    scopes          text        NOT NULL,
    rate_per_minute integer     NOT NULL CHECK (rate_per_minute BETWEEN 1 AND 10000),
    daily_quota     integer     NOT NULL CHECK (daily_quota BETWEEN 1 AND 10000000),
    created_at      timestamptz NOT NULL
);
CREATE INDEX partner_clients_by_creation ON partner_clients (created_at, id);
