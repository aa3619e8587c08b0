-- Toezicht: the risk-weighted samples (steekproeven) officials draw, kept with their seed and inputs so every draw can
-- be shown again and redone; and which case an inspection belongs to (the inspection itself lives in the case's
-- events). A seed is an unsigned 64-bit number, kept as its decimal text.

CREATE TABLE steekproef (
    id              BLOB    PRIMARY KEY,
    bevoegd_gezag   TEXT    NOT NULL,
    seed            TEXT    NOT NULL,
    -- The size asked, the factors, every case with its inputs and score, and the drawn cases, as JSON.
    inhoud          TEXT    NOT NULL,
    door            BLOB    NOT NULL,
    door_naam       TEXT    NOT NULL,
    gemaakt         TEXT    NOT NULL
);
CREATE INDEX steekproef_gezag ON steekproef (bevoegd_gezag, gemaakt);

CREATE TABLE inspectie (
    id              BLOB    PRIMARY KEY,
    zaak_id         BLOB    NOT NULL REFERENCES zaak (id),
    gemaakt         TEXT    NOT NULL
);
CREATE INDEX inspectie_zaak ON inspectie (zaak_id);
