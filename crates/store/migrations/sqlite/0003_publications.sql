-- jixiao store, migration 3: 结果公开. A publication is a frozen snapshot (JSON) of a
-- task's results as the 绩效管理员 published them: who, when, its sha256. Publications
-- and their events (publish, withdraw) are append-only: a withdrawal is an event, never an
-- edit, so what 人大 saw stays on record. Append-only: never edit an applied migration.

CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES accounts(id),
    published_at TEXT NOT NULL
);
CREATE INDEX publications_task ON publications(task_id);
CREATE TRIGGER publications_immutable_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;
CREATE TRIGGER publications_immutable_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;

CREATE TABLE publication_events (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    action TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES accounts(id),
    text TEXT,
    at TEXT NOT NULL
);
CREATE INDEX publication_events_publication ON publication_events(publication_id);
CREATE UNIQUE INDEX publication_events_one_withdrawal ON publication_events(publication_id) WHERE action = 'withdraw';
CREATE TRIGGER publication_events_immutable_update BEFORE UPDATE ON publication_events
BEGIN SELECT RAISE(ABORT, 'publication events are immutable'); END;
CREATE TRIGGER publication_events_immutable_delete BEFORE DELETE ON publication_events
BEGIN SELECT RAISE(ABORT, 'publication events are immutable'); END;
