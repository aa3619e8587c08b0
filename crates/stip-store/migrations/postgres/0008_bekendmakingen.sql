-- Public notices (bekendmakingen): what the law makes public about a case, found by place and time without login.
-- The case gets its place (RD New) from what was submitted: `x`, `y` are generated from `inhoud`'s locatie, so they
-- are set at submit and filled for every case submitted before this migration as well. A notice is written by the
-- trigger below for each case event that the law publishes, so in the event's own transaction: none is lost, and an
-- event that is refused or rolled back leaves none behind.

ALTER TABLE zaak ADD COLUMN x DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(inhoud::jsonb #> '{locatie,x}') = 'number' THEN (inhoud::jsonb #> '{locatie,x}')::float8 END
) STORED;
ALTER TABLE zaak ADD COLUMN y DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(inhoud::jsonb #> '{locatie,y}') = 'number' THEN (inhoud::jsonb #> '{locatie,y}')::float8 END
) STORED;

CREATE TABLE bekendmaking (
    -- A UUID version 7 of the event's moment with the event's volgnummer as its counter (RFC 9562, 6.2), so that
    -- notices of one day sort in the order of their events.
    id             UUID             PRIMARY KEY,
    zaak_id        UUID             NOT NULL REFERENCES zaak (id),
    -- The event it publishes.
    volgnummer     BIGINT           NOT NULL,
    soort          TEXT             NOT NULL
        CHECK (soort IN ('aanvraag', 'ontwerpbesluit', 'besluit', 'beslissing_op_bezwaar')),
    -- The day it was made known (Dutch calendar): the event's day, or the publication date a decision names.
    datum          DATE             NOT NULL,
    x              DOUBLE PRECISION,
    y              DOUBLE PRECISION,
    bevoegd_gezag  TEXT             NOT NULL,
    UNIQUE (zaak_id, volgnummer)
);
-- Newest first, optionally by kind; and by place (a box) with the date.
CREATE INDEX bekendmaking_datum ON bekendmaking (datum, id);
CREATE INDEX bekendmaking_plaats ON bekendmaking (x, y, datum);

CREATE FUNCTION gebeurtenis_naar_bekendmaking() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    soort TEXT;
    datum DATE;
    h TEXT := replace(gen_random_uuid()::text, '-', '');
BEGIN
    soort := CASE
        WHEN NEW.soort = 'ingediend' AND NEW.gegevens::jsonb ->> 'procedure' IN ('regulier', 'uitgebreid')
            THEN 'aanvraag'
        WHEN NEW.soort = 'ontwerpbesluit_genomen' THEN 'ontwerpbesluit'
        WHEN NEW.soort = 'bekendgemaakt' THEN 'besluit'
        WHEN NEW.soort = 'bezwaar_bekendgemaakt' THEN 'beslissing_op_bezwaar'
    END;
    IF soort IS NULL THEN
        RETURN NULL;
    END IF;
    datum := CASE
        WHEN soort IN ('besluit', 'beslissing_op_bezwaar') AND NEW.gegevens::jsonb ->> 'datum' IS NOT NULL
            THEN (NEW.gegevens::jsonb ->> 'datum')::date
        ELSE (NEW.op AT TIME ZONE 'Europe/Amsterdam')::date
    END;
    INSERT INTO bekendmaking (id, zaak_id, volgnummer, soort, datum, x, y, bevoegd_gezag)
    SELECT (lpad(to_hex(floor(extract(epoch FROM NEW.op) * 1000)::bigint), 12, '0') || '7'
            || lpad(to_hex(NEW.volgnummer % 4096), 3, '0') || substr('89ab', 1 + floor(random() * 4)::int, 1)
            || substr(h, 1, 15))::uuid,
           NEW.zaak_id, NEW.volgnummer, soort, datum, z.x, z.y, z.bevoegd_gezag
    FROM zaak z WHERE z.id = NEW.zaak_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER gebeurtenis_naar_bekendmaking AFTER INSERT ON gebeurtenis
    FOR EACH ROW EXECUTE FUNCTION gebeurtenis_naar_bekendmaking();
