-- bankdata run history, SQLite (by default <lake>/runs/history.db: one lake's own file, so `lake` is '').
-- Created on first use (HistoryDatabase): the tables, then the columns added since the first release
-- (HistoryDatabase.ADDED_COLUMNS, for files written by an older bankdata), then the indexes.
-- Columns are a contract with `bankdata runs` and the dashboard: added, never renamed.
-- Times are ISO-8601 instants in UTC as text (e.g. 2026-11-29T12:00:00.123Z).

CREATE TABLE IF NOT EXISTS runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT,
    params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT,
    driver TEXT NOT NULL DEFAULT 'run', attempts INTEGER NOT NULL DEFAULT 1,
    warnings TEXT NOT NULL DEFAULT '[]', base_run_id TEXT, lake TEXT NOT NULL DEFAULT '');

CREATE TABLE IF NOT EXISTS task_runs(run_id TEXT NOT NULL, task TEXT NOT NULL,
    state TEXT NOT NULL, attempts INTEGER NOT NULL, started_at TEXT, ended_at TEXT,
    rows_in INTEGER, rows_out INTEGER, error TEXT, outputs_json TEXT, lake TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(run_id, task));

CREATE INDEX IF NOT EXISTS runs_by_start ON runs(started_at);

CREATE UNIQUE INDEX IF NOT EXISTS runs_by_lake ON runs(lake, run_id);

CREATE UNIQUE INDEX IF NOT EXISTS task_runs_by_lake ON task_runs(lake, run_id, task);
