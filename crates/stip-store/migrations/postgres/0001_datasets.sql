-- Imported source datasets (a plan version, an STTR model, a BAG extract, ...).
-- Exactly one version per (kind, sleutel) is current; publishing a new one retires the old one in the same transaction.
CREATE TABLE dataset (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT        NOT NULL,
    sleutel       TEXT        NOT NULL,
    versie        TEXT        NOT NULL,
    titel         TEXT        NOT NULL,
    bron          TEXT        NOT NULL,
    sha256        TEXT        NOT NULL,
    samenvatting  TEXT        NOT NULL,
    grootte       BIGINT      NOT NULL,
    geimporteerd  TIMESTAMPTZ NOT NULL,
    actueel       BOOLEAN     NOT NULL
);
CREATE UNIQUE INDEX dataset_een_actueel ON dataset (kind, sleutel) WHERE actueel;
CREATE INDEX dataset_kind ON dataset (kind, actueel);

-- The payload, split in chunks so that a national-scale plan never meets a single-value size limit.
CREATE TABLE dataset_deel (
    dataset_id  BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    volgnummer  INTEGER NOT NULL,
    inhoud      BYTEA   NOT NULL,
    PRIMARY KEY (dataset_id, volgnummer)
);
