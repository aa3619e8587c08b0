-- Leases on periodic background work (issue 20): which instance does a round of a task (reminders, payment
-- reconciliation) until when, so that N instances on one database do each round once.
CREATE TABLE taak_lease (
    taak    TEXT        PRIMARY KEY,
    houder  TEXT        NOT NULL,
    tot     TEXT NOT NULL
);
