-- Saved "droog oefenen" reports, opened by a share link until they expire. Only the hash of the link's secret is kept.
CREATE TABLE verslag (
    sleutel_hash  TEXT        PRIMARY KEY,
    inhoud        JSONB       NOT NULL,
    gemaakt       TIMESTAMPTZ NOT NULL,
    verloopt      TIMESTAMPTZ NOT NULL
);
