-- jixiao store, migration 2 (PostgreSQL 15; the openGauss/KingbaseES subset): the other
-- cycles of system.md §3. Tasks get a monitoring round; items keep the 绩效目标 review
-- grade; transitions keep the grade they gave; 问题整改 items and their events; 结果应用
-- rules per task; assignments of 评价人. Append-only: never edit an applied migration.

ALTER TABLE tasks ADD COLUMN round TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN review_grade TEXT;
ALTER TABLE transitions ADD COLUMN grade TEXT;

CREATE TABLE rectifications (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    task_id BIGINT REFERENCES tasks(id),
    item_id BIGINT REFERENCES items(id),
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    location TEXT NOT NULL,
    finding TEXT NOT NULL,
    requirement TEXT NOT NULL,
    deadline TEXT NOT NULL,
    state TEXT NOT NULL,
    reopened BIGINT NOT NULL DEFAULT 0,
    raised_by BIGINT NOT NULL REFERENCES accounts(id),
    raised_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rectifications_org ON rectifications(org_id);
CREATE INDEX rectifications_raiser ON rectifications(raised_by);

CREATE TABLE rectification_events (
    id BIGSERIAL PRIMARY KEY,
    rectification_id BIGINT NOT NULL REFERENCES rectifications(id),
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    text TEXT,
    deadline TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rectification_events_item ON rectification_events(rectification_id);
CREATE TRIGGER rectification_events_immutable BEFORE UPDATE OR DELETE ON rectification_events
    FOR EACH ROW EXECUTE PROCEDURE jixiao_refuse_change();

CREATE TABLE result_rules (
    task_id BIGINT PRIMARY KEY REFERENCES tasks(id),
    rules TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    set_by BIGINT NOT NULL REFERENCES accounts(id),
    set_at TEXT NOT NULL
);

CREATE TABLE assignments (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    assigned_by BIGINT NOT NULL REFERENCES accounts(id),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (task_id, org_id, account_id)
);
CREATE INDEX assignments_account ON assignments(account_id);
