-- jixiao store, migration 3 (PostgreSQL 15; the openGauss/KingbaseES subset): 结果公开.
-- A publication is a frozen snapshot (JSON) of a task's results as the 绩效管理员
-- published them: who, when, its sha256. Publications and their events (publish,
-- withdraw) are append-only: a withdrawal is an event, never an edit. Append-only: never
-- edit an applied migration.

CREATE TABLE publications (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published_by BIGINT NOT NULL REFERENCES accounts(id),
    published_at TEXT NOT NULL
);
CREATE INDEX publications_task ON publications(task_id);
CREATE TRIGGER publications_immutable BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE PROCEDURE jixiao_refuse_change();

CREATE TABLE publication_events (
    id BIGSERIAL PRIMARY KEY,
    publication_id BIGINT NOT NULL REFERENCES publications(id),
    action TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES accounts(id),
    text TEXT,
    at TEXT NOT NULL
);
CREATE INDEX publication_events_publication ON publication_events(publication_id);
CREATE UNIQUE INDEX publication_events_one_withdrawal ON publication_events(publication_id) WHERE action = 'withdraw';
CREATE TRIGGER publication_events_immutable BEFORE UPDATE OR DELETE ON publication_events
    FOR EACH ROW EXECUTE PROCEDURE jixiao_refuse_change();
