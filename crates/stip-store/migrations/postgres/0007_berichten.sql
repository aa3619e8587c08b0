-- Messages and alerts: subscriptions (abonnement), the outbox of happenings (bericht_bron, written in the same
-- transaction as the change that caused them), happenings as others may read them (melding) and one delivery per
-- recipient and channel (bericht). JSON is kept as text, as in the other tables.

CREATE TABLE abonnement (
    id                 UUID        PRIMARY KEY,
    -- The account that owns it; NULL for a subscription made with only an e-mail address.
    gebruiker          UUID,
    email              TEXT,
    -- An e-mail-only subscription is live once its address is confirmed (double opt-in).
    bevestigd          BOOLEAN     NOT NULL,
    -- The secret in the confirm and unsubscribe links (one-click, RFC 8058); only the holder of the e-mail has it.
    sleutel            TEXT        NOT NULL UNIQUE,
    -- How people recognise it ("200 m rond Dorpsstraat 12").
    omschrijving       TEXT        NOT NULL,
    -- JSON of the area in RD New, or NULL when it follows a municipality or one case.
    gebied             TEXT,
    gemeente           TEXT,
    zaak_id            UUID,
    soorten            TEXT        NOT NULL,
    activiteitgroepen  TEXT        NOT NULL,
    kanaal             TEXT        NOT NULL CHECK (kanaal IN ('email', 'inbox', 'webhook')),
    frequentie         TEXT        NOT NULL CHECK (frequentie IN ('direct', 'dagelijks', 'wekelijks')),
    webhook_url        TEXT,
    -- The HMAC key the receiver checks signatures with (shown once, at creation).
    webhook_geheim     TEXT,
    aangemaakt         TIMESTAMPTZ NOT NULL,
    opgezegd           TIMESTAMPTZ,
    -- Made, confirmed or cancelled: every instance's matching index follows the changes since it last looked.
    gewijzigd          TIMESTAMPTZ NOT NULL
);
CREATE INDEX abonnement_gebruiker ON abonnement (gebruiker, aangemaakt);
CREATE INDEX abonnement_gewijzigd ON abonnement (gewijzigd);

-- The outbox of happenings: a row per case event (by the trigger below, so in the event's own transaction) or a
-- prepared happening (a plan change, in the publish's transaction). The distributor turns each into meldingen and
-- berichten and deletes it in that same transaction.
CREATE TABLE bericht_bron (
    id          BIGSERIAL   PRIMARY KEY,
    zaak_id     UUID,
    volgnummer  BIGINT,
    melding     TEXT,
    aangemaakt  TIMESTAMPTZ NOT NULL,
    -- A distributor working on it holds it until then (a crashed one's claim runs out).
    claim_tot   TIMESTAMPTZ
);
CREATE FUNCTION gebeurtenis_naar_berichten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bericht_bron (zaak_id, volgnummer, aangemaakt) VALUES (NEW.zaak_id, NEW.volgnummer, NEW.op);
    RETURN NULL;
END;
$$;
CREATE TRIGGER gebeurtenis_naar_berichten AFTER INSERT ON gebeurtenis
    FOR EACH ROW EXECUTE FUNCTION gebeurtenis_naar_berichten();

-- A happening as its readers may see it: `inhoud` is the public projection (no personal data) when `openbaar`,
-- otherwise a message for the people of the case only.
CREATE TABLE melding (
    id          UUID        PRIMARY KEY,
    soort       TEXT        NOT NULL,
    zaak_id     UUID,
    openbaar    BOOLEAN     NOT NULL,
    op          TIMESTAMPTZ NOT NULL,
    inhoud      TEXT        NOT NULL
);
CREATE INDEX melding_zaak ON melding (zaak_id, op);

-- One melding for one recipient on one channel; at most once per (melding, channel, recipient).
CREATE TABLE bericht (
    id               UUID        PRIMARY KEY,
    melding_id       UUID        NOT NULL REFERENCES melding (id),
    abonnement_id    UUID,
    kanaal           TEXT        NOT NULL CHECK (kanaal IN ('email', 'inbox', 'webhook')),
    -- Who gets it: an e-mail address, an account (inbox) or a webhook subscription.
    ontvanger        TEXT        NOT NULL,
    gebruiker        UUID,
    frequentie       TEXT        NOT NULL CHECK (frequentie IN ('direct', 'dagelijks', 'wekelijks')),
    status           TEXT        NOT NULL CHECK (status IN ('wachtend', 'afgeleverd', 'mislukt')),
    pogingen         BIGINT      NOT NULL,
    -- When it is due: now, after a back-off, or at the digest's moment.
    volgende_poging  TIMESTAMPTZ NOT NULL,
    claim_tot        TIMESTAMPTZ,
    laatste_fout     TEXT,
    afgeleverd       TIMESTAMPTZ,
    gelezen          TIMESTAMPTZ,
    aangemaakt       TIMESTAMPTZ NOT NULL,
    UNIQUE (melding_id, kanaal, ontvanger)
);
CREATE INDEX bericht_te_bezorgen ON bericht (status, volgende_poging);
CREATE INDEX bericht_inbox ON bericht (gebruiker, kanaal, aangemaakt);
