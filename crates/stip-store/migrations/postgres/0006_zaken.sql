-- From plan to permit: draft applications (aanvraag) with their uploaded documents, and the cases (zaak) they become
-- when submitted, each with an append-only history of events (gebeurtenis). Ids are UUIDs (v7); users (aanvrager,
-- behandelaar, door) are plain UUIDs without a foreign key to the accounts tables.
-- JSON (inhoud, gegevens) is kept as the text the caller gave; the store does not interpret it.

CREATE TABLE aanvraag (
    id             UUID        PRIMARY KEY,
    aanvrager      UUID        NOT NULL,
    bevoegd_gezag  TEXT        NOT NULL,
    titel          TEXT        NOT NULL,
    inhoud         TEXT        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('concept', 'ingediend')),
    aangemaakt     TIMESTAMPTZ NOT NULL,
    gewijzigd      TIMESTAMPTZ NOT NULL,
    -- Optimistic concurrency: every save names the version it started from.
    versie         BIGINT      NOT NULL
);
CREATE INDEX aanvraag_aanvrager ON aanvraag (aanvrager, gewijzigd);

CREATE TABLE zaak (
    id                    UUID        PRIMARY KEY,
    -- Z-YYYY-NNNNNN, from zaaknummer_teller in the submit's transaction. Byte order ("C"), as on SQLite.
    zaaknummer            TEXT        COLLATE "C" NOT NULL UNIQUE,
    -- One zaak per aanvraag: the database's own guarantee against a double submit.
    aanvraag_id           UUID        NOT NULL UNIQUE REFERENCES aanvraag (id),
    -- The key the submit was made with; a retry with the same key gets this zaak back.
    idempotentie_sleutel  TEXT        NOT NULL,
    aanvrager             UUID        NOT NULL,
    bevoegd_gezag         TEXT        NOT NULL,
    team                  TEXT,
    behandelaar           UUID,
    procedure             TEXT        NOT NULL,
    status                TEXT        NOT NULL,
    ingediend             TIMESTAMPTZ NOT NULL,
    -- Denormalised from the events for the work queue; rewritten with each event.
    uiterste_beslisdatum  DATE        NOT NULL,
    titel                 TEXT        NOT NULL,
    locatie               TEXT        NOT NULL,
    -- The parcel (kadastrale aanduiding) the case is about: earlier decisions on it are attached to new ones.
    perceel               TEXT,
    openbaar              BOOLEAN     NOT NULL,
    -- Exactly what was submitted, frozen.
    inhoud                TEXT        NOT NULL,
    -- The volgnummer of the last gebeurtenis: the optimistic-concurrency token of the zaak.
    laatste_volgnummer    BIGINT      NOT NULL,
    gewijzigd             TIMESTAMPTZ NOT NULL
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
    jaar     BIGINT PRIMARY KEY,
    laatste  BIGINT NOT NULL
);

-- What happened to a zaak, in order. Append-only: the trigger below refuses every UPDATE, DELETE and TRUNCATE.
CREATE TABLE gebeurtenis (
    zaak_id     UUID        NOT NULL REFERENCES zaak (id),
    volgnummer  BIGINT      NOT NULL CHECK (volgnummer >= 1),
    soort       TEXT        NOT NULL,
    door        UUID,
    door_naam   TEXT        NOT NULL,
    op          TIMESTAMPTZ NOT NULL,
    gegevens    TEXT        NOT NULL,
    PRIMARY KEY (zaak_id, volgnummer)
);
CREATE FUNCTION gebeurtenis_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gebeurtenis is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER gebeurtenis_geen_wijziging BEFORE UPDATE OR DELETE ON gebeurtenis
    FOR EACH ROW EXECUTE FUNCTION gebeurtenis_alleen_toevoegen();
CREATE TRIGGER gebeurtenis_geen_truncate BEFORE TRUNCATE ON gebeurtenis
    FOR EACH STATEMENT EXECUTE FUNCTION gebeurtenis_alleen_toevoegen();

-- An uploaded file of an aanvraag. It belongs to the zaak the aanvraag becomes (zaak.aanvraag_id, read by a join), so a
-- submit links every document at once, also one that was being uploaded while the submit ran.
CREATE TABLE document (
    id           UUID        PRIMARY KEY,
    aanvraag_id  UUID        NOT NULL REFERENCES aanvraag (id),
    naam         TEXT        NOT NULL,
    mediatype    TEXT        NOT NULL,
    soort        TEXT        NOT NULL,
    grootte      BIGINT      NOT NULL,
    sha256       TEXT        NOT NULL,
    geupload     TIMESTAMPTZ NOT NULL
);
CREATE INDEX document_aanvraag ON document (aanvraag_id, geupload);

-- The bytes, in chunks like dataset_deel.
CREATE TABLE document_deel (
    document_id  UUID    NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    volgnummer   INTEGER NOT NULL,
    inhoud       BYTEA   NOT NULL,
    PRIMARY KEY (document_id, volgnummer)
);
