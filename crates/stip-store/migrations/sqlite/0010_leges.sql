-- Leges: the assessments (aanslag) and refunds (teruggaaf) of a case, and the online payments that settle them.
-- An assessment is made once per case and reason (the submit, a withdrawal, a refusal), so a retry or a crash between
-- the submit and the assessment never makes two. Amounts are whole euro cents.

CREATE TABLE aanslag (
    id              BLOB    PRIMARY KEY,
    zaak_id         BLOB    NOT NULL REFERENCES zaak (id),
    soort           TEXT    NOT NULL CHECK (soort IN ('aanslag', 'teruggaaf')),
    -- Why it was made: ontvangen, ingetrokken_voor_behandeling, ingetrokken_in_behandeling, geweigerd.
    reden           TEXT    NOT NULL,
    -- The lines of the tariff table (omschrijving, grondslag, berekening, bedragCent), as JSON.
    regels          TEXT    NOT NULL,
    bedrag_cent     INTEGER NOT NULL CHECK (bedrag_cent >= 0),
    kostenplaats    TEXT    NOT NULL,
    aangemaakt      TEXT    NOT NULL,
    UNIQUE (zaak_id, reden)
);
CREATE INDEX aanslag_aangemaakt ON aanslag (aangemaakt);

-- A payment at a payment service provider (psp); psp_id is the provider's id, which its webhook names.
CREATE TABLE betaling (
    id              BLOB    PRIMARY KEY,
    psp             TEXT    NOT NULL,
    psp_id          TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'betaald', 'mislukt', 'geannuleerd', 'verlopen',
                                                       'terugbetaald')),
    bedrag_cent     INTEGER NOT NULL CHECK (bedrag_cent > 0),
    checkout_url    TEXT    NOT NULL,
    betaler         BLOB    NOT NULL,
    aangemaakt      TEXT    NOT NULL,
    gewijzigd       TEXT    NOT NULL,
    -- When the provider said it was paid (the finance export's day).
    betaald_op      TEXT
);
CREATE INDEX betaling_status ON betaling (status, gewijzigd);
CREATE INDEX betaling_betaald_op ON betaling (betaald_op);

-- Which assessments a payment settles, and for how much of it (one payment may settle several: bulkbetaling).
CREATE TABLE betaling_post (
    betaling_id     BLOB    NOT NULL REFERENCES betaling (id),
    aanslag_id      BLOB    NOT NULL REFERENCES aanslag (id),
    bedrag_cent     INTEGER NOT NULL,
    PRIMARY KEY (betaling_id, aanslag_id)
);
CREATE INDEX betaling_post_aanslag ON betaling_post (aanslag_id);
