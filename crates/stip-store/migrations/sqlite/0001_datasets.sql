-- Imported source datasets (a plan version, an STTR model, a BAG extract, ...).
-- Exactly one version per (kind, sleutel) is current; publishing a new one retires the old one in the same transaction.
CREATE TABLE dataset (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,
    sleutel       TEXT    NOT NULL,
    versie        TEXT    NOT NULL,
    titel         TEXT    NOT NULL,
    bron          TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,
    samenvatting  TEXT    NOT NULL,
    grootte       INTEGER NOT NULL,
    geimporteerd  TEXT    NOT NULL,
    actueel       INTEGER NOT NULL CHECK (actueel IN (0, 1))
);
CREATE UNIQUE INDEX dataset_een_actueel ON dataset (kind, sleutel) WHERE actueel = 1;
CREATE INDEX dataset_kind ON dataset (kind, actueel);

-- The payload, split in chunks so that a national-scale plan never meets a single-value size limit.
CREATE TABLE dataset_deel (
    dataset_id  INTEGER NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    volgnummer  INTEGER NOT NULL,
    inhoud      BLOB    NOT NULL,
    PRIMARY KEY (dataset_id, volgnummer)
);
