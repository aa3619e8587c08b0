-- Help requests ("Ik snap het niet"): a question with the page it was asked on, and how the asker wants an answer.
CREATE TABLE hulpvragen (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    ingediend        TEXT    NOT NULL,
    pagina           TEXT    NOT NULL,
    context          TEXT    NOT NULL,
    naam             TEXT    NOT NULL,
    vraag            TEXT    NOT NULL,
    contactvoorkeur  TEXT    NOT NULL CHECK (contactvoorkeur IN ('email', 'telefoon', 'terugbellen')),
    email            TEXT,
    telefoon         TEXT,
    tijdvak          TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'afgehandeld')),
    afgehandeld      TEXT
);
CREATE INDEX hulpvragen_status ON hulpvragen (status, id);
