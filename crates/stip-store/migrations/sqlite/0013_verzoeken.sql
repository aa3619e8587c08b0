-- Talking to the municipality early (vooroverleg): requests (quickscan, wethouder, bezoek, bestuur_op_maat), each a
-- small case with its own deadline; the time slots a team publishes for site visits, each taken by at most one
-- request (the UPDATE that takes a free slot is the reservation, so two requesters cannot take the same one); the
-- officials in an authority's pool of initiatiefmanagers; and the service package an initiator chose.

CREATE TABLE verzoek (
    id             BLOB    PRIMARY KEY,
    -- V-2026-000001: counted per year, like the case numbers.
    nummer         TEXT    NOT NULL UNIQUE,
    soort          TEXT    NOT NULL CHECK (soort IN ('quickscan', 'wethouder', 'bezoek', 'bestuur_op_maat')),
    aanvrager      BLOB    NOT NULL REFERENCES gebruikers (id),
    bevoegd_gezag  TEXT    NOT NULL,
    onderwerp      TEXT    NOT NULL,
    vraag          TEXT    NOT NULL,
    -- What the request is about: the requester's draft, their saved plan check (its key's hash), the initiative.
    aanvraag_id    BLOB    REFERENCES aanvraag (id),
    verslag        TEXT,
    initiatief     BLOB,
    status         TEXT    NOT NULL CHECK (status IN ('ontvangen', 'in_behandeling', 'beantwoord', 'gesloten')),
    ontvangen      TEXT    NOT NULL,
    -- The last day of the service norm.
    uiterlijk      TEXT    NOT NULL,
    behandelaar    BLOB    REFERENCES gebruikers (id),
    antwoord       TEXT,
    beantwoord     TEXT,
    gewijzigd      TEXT    NOT NULL
);
CREATE INDEX verzoek_werkvoorraad ON verzoek (bevoegd_gezag, status, uiterlijk);
CREATE INDEX verzoek_aanvrager ON verzoek (aanvrager, ontvangen);

CREATE TABLE verzoeknummer_teller (
    jaar     INTEGER PRIMARY KEY,
    laatste  INTEGER NOT NULL
);

CREATE TABLE bezoekmoment (
    id             BLOB    PRIMARY KEY,
    bevoegd_gezag  TEXT    NOT NULL,
    van            TEXT    NOT NULL,
    tot            TEXT    NOT NULL,
    -- Who comes (the team) and how, in words: "Twee medewerkers van Team Vergunningen Bouwen".
    toelichting    TEXT    NOT NULL,
    gepubliceerd_door BLOB NOT NULL REFERENCES gebruikers (id),
    aangemaakt     TEXT    NOT NULL,
    -- The request that took it; one slot per request and one request per slot.
    verzoek_id     BLOB    UNIQUE REFERENCES verzoek (id),
    CHECK (tot > van)
);
CREATE INDEX bezoekmoment_vrij ON bezoekmoment (bevoegd_gezag, van);

CREATE TABLE initiatiefmanager (
    gebruiker_id   BLOB    PRIMARY KEY REFERENCES gebruikers (id) ON DELETE CASCADE,
    bevoegd_gezag  TEXT    NOT NULL,
    -- The official's work phone, shown to the initiators they guide.
    telefoon       TEXT,
    sinds          TEXT    NOT NULL
);
CREATE INDEX initiatiefmanager_gezag ON initiatiefmanager (bevoegd_gezag, sinds);

CREATE TABLE dienstverlening (
    id                 BLOB    PRIMARY KEY,
    -- The requester and their initiative (none: their plans in general); one choice per pair, changed in place.
    sleutel            TEXT    NOT NULL UNIQUE,
    aanvrager          BLOB    NOT NULL REFERENCES gebruikers (id),
    initiatief         BLOB,
    bevoegd_gezag      TEXT    NOT NULL,
    pakket             TEXT    NOT NULL CHECK (pakket IN ('zelf_doen', 'begeleid', 'ontzorgd')),
    initiatiefmanager  BLOB    REFERENCES gebruikers (id),
    gekozen            TEXT    NOT NULL
);
CREATE INDEX dienstverlening_aanvrager ON dienstverlening (aanvrager);
CREATE INDEX dienstverlening_manager ON dienstverlening (initiatiefmanager);
