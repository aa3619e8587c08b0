-- Reviews after the works: one per case, asked by a one-time link (only its SHA-256 is kept) that works without an
-- account. The answer is anonymous in reports; officials of the authority see its free text.

CREATE TABLE review (
    id              UUID    PRIMARY KEY,
    zaak_id         UUID    NOT NULL UNIQUE REFERENCES zaak (id),
    token_hash      TEXT    NOT NULL UNIQUE,
    bevoegd_gezag   TEXT    NOT NULL,
    team            TEXT,
    aangemaakt      TIMESTAMPTZ NOT NULL,
    beantwoord      TIMESTAMPTZ,
    -- How easy it was and how satisfied the holder is, 1 (bad) to 5 (good).
    gemak           BIGINT  CHECK (gemak BETWEEN 1 AND 5),
    tevredenheid    BIGINT  CHECK (tevredenheid BETWEEN 1 AND 5),
    verbetering     TEXT
);
CREATE INDEX review_gezag ON review (bevoegd_gezag, beantwoord);
