-- Reporting (issue 19): one row of facts per case (zaak_feit), kept current by the event writer in the event's own
-- transaction, so the council's quarter report and the capacity view read these rows by index, never the event
-- history. The facts are the domain's JSON (stip_zaak::rapportage::Feit); the columns beside it are what is searched.
-- And the open-data sets of other municipalities imported to compare with (Gluren bij de buren).

CREATE TABLE zaak_feit (
    zaak_id        BLOB    PRIMARY KEY REFERENCES zaak (id),
    bevoegd_gezag  TEXT    NOT NULL,
    ontvangen      TEXT    NOT NULL,
    besloten       TEXT,
    -- The last day of the term, the team, the procedure and the activity groups (`,bouwen,kappen,`): what the trend
    -- over earlier periods reads, without the facts' JSON.
    termijn        TEXT    NOT NULL,
    team           TEXT,
    procedure      TEXT    NOT NULL,
    groepen        TEXT    NOT NULL,
    -- 1 while the case waits for a decision (not decided, not withdrawn).
    open_zaak      INTEGER NOT NULL CHECK (open_zaak IN (0, 1)),
    feit           TEXT    NOT NULL
);
-- Covering for the trend (an index-only read of a few years of cases) and the lookback of a period's facts.
CREATE INDEX zaak_feit_ontvangen ON zaak_feit (bevoegd_gezag, ontvangen, besloten, termijn, procedure, team, groepen);
CREATE INDEX zaak_feit_besloten ON zaak_feit (bevoegd_gezag, besloten);
CREATE INDEX zaak_feit_open ON zaak_feit (bevoegd_gezag, open_zaak);

CREATE TABLE open_data_set (
    id             BLOB    PRIMARY KEY,
    gemeente       TEXT    NOT NULL,
    periode        TEXT    NOT NULL,
    inhoud         TEXT    NOT NULL,
    geimporteerd   TEXT    NOT NULL,
    UNIQUE (gemeente, periode)
);
