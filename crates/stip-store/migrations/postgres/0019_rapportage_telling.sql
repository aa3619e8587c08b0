-- Reporting's per-day rollup (issue 19): the counts of every day per team, procedure and activity groups
-- (zaak_telling), so a quarter report reads a few thousand rows instead of every case of the quarter. The event
-- writer does not touch these rows (a hot row would serialise submits): in the event's own transaction it appends
-- the difference the changed fact makes (zaak_telling_verschil); a background step folds the differences into the
-- totals, and a report reads totals and the differences not yet folded in one statement. `geteld` marks a fact whose
-- counts are in the rollup; facts from before it are counted once by the background step.

ALTER TABLE zaak_feit ADD COLUMN geteld BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX zaak_feit_ongeteld ON zaak_feit (zaak_id) WHERE geteld = false;

CREATE TABLE zaak_telling (
    bevoegd_gezag  TEXT    NOT NULL,
    dag            DATE    NOT NULL,
    -- '' for no team.
    team           TEXT    NOT NULL,
    procedure      TEXT    NOT NULL,
    -- `,bouwen,kappen,` as in zaak_feit.
    groepen        TEXT    NOT NULL,
    -- stip_zaak::rapportage::Telling as JSON.
    telling        TEXT    NOT NULL,
    PRIMARY KEY (bevoegd_gezag, dag, team, procedure, groepen)
);

CREATE TABLE zaak_telling_verschil (
    id             BIGSERIAL PRIMARY KEY,
    bevoegd_gezag  TEXT    NOT NULL,
    dag            DATE    NOT NULL,
    team           TEXT    NOT NULL,
    procedure      TEXT    NOT NULL,
    groepen        TEXT    NOT NULL,
    telling        TEXT    NOT NULL
);
CREATE INDEX zaak_telling_verschil_dag ON zaak_telling_verschil (bevoegd_gezag, dag);
