-- What others submit on a case: views on a draft decision (zienswijze) and objections against a decision (bezwaar).
-- The submission's content and its submitter's details are kept here, apart from the case's history, so that the
-- history (which the applicant reads) never holds another person's name, address or words. The case's history gets
-- an event with only the submission's id and number, written in the same transaction.

CREATE TABLE inzending (
    id              UUID        PRIMARY KEY,
    zaak_id         UUID        NOT NULL REFERENCES zaak (id),
    soort           TEXT        NOT NULL CHECK (soort IN ('zienswijze', 'bezwaar')),
    -- A view's number on the case (1, 2, …) or an objection's (Z-2026-000012-B1); unique per case and kind.
    nummer          TEXT        NOT NULL,
    -- The account that submitted it; the name and postal address are as they were given (Awb 6:5).
    indiener        UUID        NOT NULL,
    naam            TEXT        NOT NULL,
    adres           TEXT        NOT NULL,
    email           TEXT,
    -- The view, or the grounds of the objection.
    tekst           TEXT        NOT NULL,
    gehoord_worden  BOOLEAN     NOT NULL,
    te_laat         BOOLEAN     NOT NULL,
    -- Why it came late, in the submitter's words (Awb 6:11).
    reden_te_laat   TEXT,
    ontvangen       TIMESTAMPTZ NOT NULL,
    UNIQUE (zaak_id, soort, nummer)
);
CREATE INDEX inzending_indiener ON inzending (indiener, ontvangen);

-- A document that came with a submission belongs to it, not to the application: only the submitter and the
-- authority's officials read it, and the application's own document list leaves it out.
ALTER TABLE document ADD COLUMN inzending_id UUID REFERENCES inzending (id);
CREATE INDEX document_inzending ON document (inzending_id);
