-- Participation before applying (issue 15): an initiative (initiatief) with its plan versions, invitations, reactions
-- with their threads and consents, kept as one document (`inhoud`, the domain's JSON) with a row version for
-- optimistic concurrency. The columns beside it are what is searched: the invitation code, the initiator, whether it
-- is public and the box around its plan (RD New) for the public map.

CREATE TABLE initiatief (
    id               BLOB    PRIMARY KEY,
    code             TEXT    NOT NULL UNIQUE,
    initiatiefnemer  BLOB    NOT NULL,
    openbaar         INTEGER NOT NULL CHECK (openbaar IN (0, 1)),
    minx             REAL    NOT NULL,
    miny             REAL    NOT NULL,
    maxx             REAL    NOT NULL,
    maxy             REAL    NOT NULL,
    inhoud           TEXT    NOT NULL,
    versie           INTEGER NOT NULL,
    aangemaakt       TEXT    NOT NULL,
    gewijzigd        TEXT    NOT NULL
);
CREATE INDEX initiatief_initiatiefnemer ON initiatief (initiatiefnemer, gewijzigd);
CREATE INDEX initiatief_openbaar ON initiatief (openbaar, minx, miny);

-- Keys stip made itself and keeps (the Ed25519 key that signs consent certificates when none is configured): made
-- once, by whichever instance comes first; the others read it.
CREATE TABLE sleutel (
    naam             TEXT    PRIMARY KEY,
    waarde           TEXT    NOT NULL,
    aangemaakt       TEXT    NOT NULL
);
