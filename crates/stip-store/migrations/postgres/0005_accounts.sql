-- Accounts: people who log in (e-mail + password, a one-time e-mail link, or OpenID Connect), their roles, sessions
-- and login links. Of a session token and a login link only the SHA-256 (hex) is kept, never the secret itself.
CREATE TABLE gebruikers (
    id               UUID        PRIMARY KEY,           -- UUID v7
    email            TEXT        UNIQUE,                -- lower-cased; none for an OIDC account without e-mail
    naam             TEXT        NOT NULL,
    wachtwoord_hash  TEXT,                              -- argon2 PHC string; none: no password login
    bevoegd_gezag    TEXT,                              -- authority code of an official, e.g. gm9999
    team             TEXT,                              -- team key of an official
    oidc_issuer      TEXT,
    oidc_subject     TEXT,
    aangemaakt       TIMESTAMPTZ NOT NULL,
    CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL)),
    UNIQUE (oidc_issuer, oidc_subject)
);

CREATE TABLE gebruiker_rollen (
    gebruiker_id  UUID NOT NULL REFERENCES gebruikers (id) ON DELETE CASCADE,
    rol           TEXT NOT NULL CHECK (rol IN ('initiatiefnemer', 'belanghebbende', 'behandelaar', 'bestuur', 'beheerder')),
    PRIMARY KEY (gebruiker_id, rol)
);

-- A user with the roles as one space-separated text, read by every query that returns a user.
CREATE VIEW gebruikers_met_rollen AS
SELECT g.*, COALESCE((SELECT string_agg(r.rol, ' ') FROM gebruiker_rollen r WHERE r.gebruiker_id = g.id), '') AS rollen
FROM gebruikers g;

CREATE TABLE sessies (
    id               UUID        PRIMARY KEY,           -- UUID v7
    token_hash       TEXT        NOT NULL UNIQUE,
    gebruiker_id     UUID        NOT NULL REFERENCES gebruikers (id) ON DELETE CASCADE,
    aangemaakt       TIMESTAMPTZ NOT NULL,
    laatst_gebruikt  TIMESTAMPTZ NOT NULL,
    verloopt         TIMESTAMPTZ NOT NULL,
    beeindigd        TIMESTAMPTZ
);
CREATE INDEX sessies_gebruiker ON sessies (gebruiker_id) WHERE beeindigd IS NULL;

CREATE TABLE inloglinks (
    token_hash    TEXT        PRIMARY KEY,
    email         TEXT        NOT NULL,                 -- the address the link was sent to
    gebruiker_id  UUID        NOT NULL REFERENCES gebruikers (id) ON DELETE CASCADE,
    aangemaakt    TIMESTAMPTZ NOT NULL,
    verloopt      TIMESTAMPTZ NOT NULL,
    gebruikt      TIMESTAMPTZ
);
CREATE INDEX inloglinks_gebruiker ON inloglinks (gebruiker_id);
