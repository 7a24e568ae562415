-- What a user prefers (API.md "Providers and preferences"); absent row = defaults.
CREATE TABLE preferences (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    llm_provider     text,
    novelty          text        NOT NULL,
    explicit_content boolean     NOT NULL,
    updated_at       timestamptz NOT NULL
);
