-- Public notices (bekendmakingen): what the law makes public about a case, found by place and time without login.
-- The case gets its place (RD New) from what was submitted: `x`, `y` are generated from `inhoud`'s locatie, so they
-- are set at submit and hold for every case submitted before this migration as well. A notice is written by the
-- trigger below for each case event that the law publishes, so in the event's own transaction: none is lost, and an
-- event that is refused or rolled back leaves none behind.

ALTER TABLE zaak ADD COLUMN x REAL GENERATED ALWAYS AS (
    CASE WHEN json_type(inhoud, '$.locatie.x') IN ('integer', 'real') THEN json_extract(inhoud, '$.locatie.x') END
) VIRTUAL;
ALTER TABLE zaak ADD COLUMN y REAL GENERATED ALWAYS AS (
    CASE WHEN json_type(inhoud, '$.locatie.y') IN ('integer', 'real') THEN json_extract(inhoud, '$.locatie.y') END
) VIRTUAL;

CREATE TABLE bekendmaking (
    -- A UUID version 7 of the event's moment with the event's volgnummer as its counter (RFC 9562, 6.2), so that
    -- notices of one day sort in the order of their events; kept as a 16-byte blob like every other id.
    id             BLOB    PRIMARY KEY,
    zaak_id        BLOB    NOT NULL REFERENCES zaak (id),
    -- The event it publishes.
    volgnummer     INTEGER NOT NULL,
    soort          TEXT    NOT NULL CHECK (soort IN ('aanvraag', 'ontwerpbesluit', 'besluit', 'beslissing_op_bezwaar')),
    -- The day it was made known (Dutch calendar): the event's day, or the publication date a decision names.
    datum          TEXT    NOT NULL,
    x              REAL,
    y              REAL,
    bevoegd_gezag  TEXT    NOT NULL,
    UNIQUE (zaak_id, volgnummer)
);
-- Newest first, optionally by kind; and by place (a box) with the date.
CREATE INDEX bekendmaking_datum ON bekendmaking (datum, id);
CREATE INDEX bekendmaking_plaats ON bekendmaking (x, y, datum);

-- The Dutch day of a UTC moment (`op`, RFC 3339): CEST (+2) from 01:00 UTC on the last Sunday of March until 01:00
-- UTC on the last Sunday of October, else CET (+1) — as stip_zaak::tijd::nederlands.
CREATE TRIGGER gebeurtenis_naar_bekendmaking AFTER INSERT ON gebeurtenis
WHEN NEW.soort IN ('ontwerpbesluit_genomen', 'bekendgemaakt', 'bezwaar_bekendgemaakt')
  OR (NEW.soort = 'ingediend' AND json_extract(NEW.gegevens, '$.procedure') IN ('regulier', 'uitgebreid'))
BEGIN
    INSERT INTO bekendmaking (id, zaak_id, volgnummer, soort, datum, x, y, bevoegd_gezag)
    SELECT unhex(printf('%012X', CAST(unixepoch(NEW.op, 'subsec') * 1000 AS INTEGER)) || '7'
                 || printf('%03X', NEW.volgnummer % 4096) || substr('89AB', 1 + (abs(random()) % 4), 1)
                 || substr(h, 1, 15)),
           NEW.zaak_id, NEW.volgnummer,
           CASE NEW.soort
               WHEN 'ingediend' THEN 'aanvraag'
               WHEN 'ontwerpbesluit_genomen' THEN 'ontwerpbesluit'
               WHEN 'bekendgemaakt' THEN 'besluit'
               ELSE 'beslissing_op_bezwaar'
           END,
           CASE WHEN NEW.soort IN ('bekendgemaakt', 'bezwaar_bekendgemaakt')
                     AND json_extract(NEW.gegevens, '$.datum') IS NOT NULL
                THEN json_extract(NEW.gegevens, '$.datum')
                ELSE date(NEW.op, CASE
                    WHEN datetime(NEW.op) >= datetime(date(strftime('%Y', NEW.op) || '-03-25', 'weekday 0'), '+1 hour')
                     AND datetime(NEW.op) < datetime(date(strftime('%Y', NEW.op) || '-10-25', 'weekday 0'), '+1 hour')
                    THEN '+2 hours' ELSE '+1 hour' END)
           END,
           z.x, z.y, z.bevoegd_gezag
    FROM zaak z, (SELECT hex(randomblob(16)) AS h)
    WHERE z.id = NEW.zaak_id;
END;
