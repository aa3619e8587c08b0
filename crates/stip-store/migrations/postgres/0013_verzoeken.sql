-- Talking to the municipality early (vooroverleg): requests (quickscan, wethouder, bezoek, bestuur_op_maat), each a
-- small case with its own deadline; the time slots a team publishes for site visits, each taken by at most one
-- request (the UPDATE that takes a free slot is the reservation, so two requesters cannot take the same one); the
-- officials in an authority's pool of initiatiefmanagers; and the service package an initiator chose.

CREATE TABLE verzoek (
    id             UUID    PRIMARY KEY,
    -- V-2026-000001: counted per year, like the case numbers.
    nummer         TEXT    NOT NULL UNIQUE,
    soort          TEXT    NOT NULL CHECK (soort IN ('quickscan', 'wethouder', 'bezoek', 'bestuur_op_maat')),
    aanvrager      UUID    NOT NULL REFERENCES gebruikers (id),
    bevoegd_gezag  TEXT    NOT NULL,
    onderwerp      TEXT    NOT NULL,
    vraag          TEXT    NOT NULL,
    -- What the request is about: the requester's draft, their saved plan check (its key's hash), the initiative.
    aanvraag_id    UUID    REFERENCES aanvraag (id),
    verslag        TEXT,
    initiatief     UUID,
    status         TEXT    NOT NULL CHECK (status IN ('ontvangen', 'in_behandeling', 'beantwoord', 'gesloten')),
    ontvangen      TIMESTAMPTZ    NOT NULL,
    -- The last day of the service norm.
    uiterlijk      DATE    NOT NULL,
    behandelaar    UUID    REFERENCES gebruikers (id),
    antwoord       TEXT,
    beantwoord     TIMESTAMPTZ,
    gewijzigd      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX verzoek_werkvoorraad ON verzoek (bevoegd_gezag, status, uiterlijk);
CREATE INDEX verzoek_aanvrager ON verzoek (aanvrager, ontvangen);

CREATE TABLE verzoeknummer_teller (
    jaar     BIGINT  PRIMARY KEY,
    laatste  BIGINT NOT NULL
);

CREATE TABLE bezoekmoment (
    id             UUID    PRIMARY KEY,
    bevoegd_gezag  TEXT    NOT NULL,
    van            TIMESTAMPTZ    NOT NULL,
    tot            TIMESTAMPTZ    NOT NULL,
    -- Who comes (the team) and how, in words: "Twee medewerkers van Team Vergunningen Bouwen".
    toelichting    TEXT    NOT NULL,
    gepubliceerd_door UUID NOT NULL REFERENCES gebruikers (id),
    aangemaakt     TIMESTAMPTZ    NOT NULL,
    -- The request that took it; one slot per request and one request per slot.
    verzoek_id     UUID    UNIQUE REFERENCES verzoek (id),
    CHECK (tot > van)
);
CREATE INDEX bezoekmoment_vrij ON bezoekmoment (bevoegd_gezag, van);

CREATE TABLE initiatiefmanager (
    gebruiker_id   UUID    PRIMARY KEY REFERENCES gebruikers (id) ON DELETE CASCADE,
    bevoegd_gezag  TEXT    NOT NULL,
    -- The official's work phone, shown to the initiators they guide.
    telefoon       TEXT,
    sinds          TIMESTAMPTZ    NOT NULL
);
CREATE INDEX initiatiefmanager_gezag ON initiatiefmanager (bevoegd_gezag, sinds);

CREATE TABLE dienstverlening (
    id                 UUID    PRIMARY KEY,
    -- The requester and their initiative (none: their plans in general); one choice per pair, changed in place.
    sleutel            TEXT    NOT NULL UNIQUE,
    aanvrager          UUID    NOT NULL REFERENCES gebruikers (id),
    initiatief         UUID,
    bevoegd_gezag      TEXT    NOT NULL,
    pakket             TEXT    NOT NULL CHECK (pakket IN ('zelf_doen', 'begeleid', 'ontzorgd')),
    initiatiefmanager  UUID    REFERENCES gebruikers (id),
    gekozen            TIMESTAMPTZ    NOT NULL
);
CREATE INDEX dienstverlening_aanvrager ON dienstverlening (aanvrager);
CREATE INDEX dienstverlening_manager ON dienstverlening (initiatiefmanager);
