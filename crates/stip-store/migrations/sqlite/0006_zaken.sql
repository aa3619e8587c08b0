-- From plan to permit: draft applications (aanvraag) with their uploaded documents, and the cases (zaak) they become
-- when submitted, each with an append-only history of events (gebeurtenis). Ids are UUIDs (v7) kept as 16-byte
-- blobs; users (aanvrager, behandelaar, door) are plain UUIDs without a foreign key to the accounts tables.
-- JSON (inhoud, gegevens) is kept as the text the caller gave; the store does not interpret it.

CREATE TABLE aanvraag (
    id             BLOB    PRIMARY KEY,
    aanvrager      BLOB    NOT NULL,
    bevoegd_gezag  TEXT    NOT NULL,
    titel          TEXT    NOT NULL,
    inhoud         TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('concept', 'ingediend')),
    aangemaakt     TEXT    NOT NULL,
    gewijzigd      TEXT    NOT NULL,
    -- Optimistic concurrency: every save names the version it started from.
    versie         INTEGER NOT NULL
);
CREATE INDEX aanvraag_aanvrager ON aanvraag (aanvrager, gewijzigd);

CREATE TABLE zaak (
    id                    BLOB    PRIMARY KEY,
    -- Z-YYYY-NNNNNN, from zaaknummer_teller in the submit's transaction.
    zaaknummer            TEXT    NOT NULL UNIQUE,
    -- One zaak per aanvraag: the database's own guarantee against a double submit.
    aanvraag_id           BLOB    NOT NULL UNIQUE REFERENCES aanvraag (id),
    -- The key the submit was made with; a retry with the same key gets this zaak back.
    idempotentie_sleutel  TEXT    NOT NULL,
    aanvrager             BLOB    NOT NULL,
    bevoegd_gezag         TEXT    NOT NULL,
    team                  TEXT,
    behandelaar           BLOB,
    procedure             TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    ingediend             TEXT    NOT NULL,
    -- Denormalised from the events for the work queue; rewritten with each event.
    uiterste_beslisdatum  TEXT    NOT NULL,
    titel                 TEXT    NOT NULL,
    locatie               TEXT    NOT NULL,
    -- The parcel (kadastrale aanduiding) the case is about: earlier decisions on it are attached to new ones.
    perceel               TEXT,
    openbaar              INTEGER NOT NULL CHECK (openbaar IN (0, 1)),
    -- Exactly what was submitted, frozen.
    inhoud                TEXT    NOT NULL,
    -- The volgnummer of the last gebeurtenis: the optimistic-concurrency token of the zaak.
    laatste_volgnummer    INTEGER NOT NULL,
    gewijzigd             TEXT    NOT NULL
);
-- The work queue: always ordered by (uiterste_beslisdatum, zaaknummer), usually within one bevoegd gezag.
CREATE INDEX zaak_perceel ON zaak (perceel);
CREATE INDEX zaak_termijn ON zaak (uiterste_beslisdatum, zaaknummer);
CREATE INDEX zaak_wachtrij ON zaak (bevoegd_gezag, uiterste_beslisdatum, zaaknummer);
CREATE INDEX zaak_wachtrij_team ON zaak (bevoegd_gezag, team, uiterste_beslisdatum, zaaknummer);
CREATE INDEX zaak_wachtrij_status ON zaak (bevoegd_gezag, status, uiterste_beslisdatum, zaaknummer);
CREATE INDEX zaak_behandelaar ON zaak (behandelaar, uiterste_beslisdatum, zaaknummer);
CREATE INDEX zaak_aanvrager ON zaak (aanvrager, ingediend);

-- The last zaaknummer handed out per year; incremented inside the submit's transaction, so numbers have no gaps.
CREATE TABLE zaaknummer_teller (
    jaar     INTEGER PRIMARY KEY,
    laatste  INTEGER NOT NULL
);

-- What happened to a zaak, in order. Append-only: the triggers below refuse every UPDATE and DELETE.
CREATE TABLE gebeurtenis (
    zaak_id     BLOB    NOT NULL REFERENCES zaak (id),
    volgnummer  INTEGER NOT NULL CHECK (volgnummer >= 1),
    soort       TEXT    NOT NULL,
    door        BLOB,
    door_naam   TEXT    NOT NULL,
    op          TEXT    NOT NULL,
    gegevens    TEXT    NOT NULL,
    PRIMARY KEY (zaak_id, volgnummer)
);
CREATE TRIGGER gebeurtenis_geen_update BEFORE UPDATE ON gebeurtenis
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenis is append-only: UPDATE refused');
END;
CREATE TRIGGER gebeurtenis_geen_delete BEFORE DELETE ON gebeurtenis
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenis is append-only: DELETE refused');
END;

-- An uploaded file of an aanvraag. It belongs to the zaak the aanvraag becomes (zaak.aanvraag_id, read by a join), so a
-- submit links every document at once, also one that was being uploaded while the submit ran.
CREATE TABLE document (
    id           BLOB    PRIMARY KEY,
    aanvraag_id  BLOB    NOT NULL REFERENCES aanvraag (id),
    naam         TEXT    NOT NULL,
    mediatype    TEXT    NOT NULL,
    soort        TEXT    NOT NULL,
    grootte      INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    geupload     TEXT    NOT NULL
);
CREATE INDEX document_aanvraag ON document (aanvraag_id, geupload);

-- The bytes, in chunks like dataset_deel.
CREATE TABLE document_deel (
    document_id  BLOB    NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    volgnummer   INTEGER NOT NULL,
    inhoud       BLOB    NOT NULL,
    PRIMARY KEY (document_id, volgnummer)
);
