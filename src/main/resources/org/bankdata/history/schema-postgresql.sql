-- bankdata run history, PostgreSQL (`--history jdbc:postgresql://HOST/DB`, env BANKDATA_HISTORY).
-- Created on first use (HistoryDatabase), under a transaction-scoped advisory lock so processes opening a new
-- database at once take turns: the tables, then the columns added since the first release
-- (HistoryDatabase.ADDED_COLUMNS), then the indexes. It may also be run by hand, e.g. by a DBA:
--   psql -h HOST -d DB -f schema-postgresql.sql
-- Tables go into the connection's current schema (add ?currentSchema=NAME to the URL for another one).
-- Several lakes may share one database: every row carries the lake it belongs to (`lake`: the lake's
-- absolute path, or its URL), and every read and write of bankdata names its lake.
-- Times are ISO-8601 instants in UTC as text, compared byte by byte (COLLATE "C"), as in the SQLite file.

CREATE TABLE IF NOT EXISTS runs(
    lake        text COLLATE "C" NOT NULL,
    run_id      text COLLATE "C" NOT NULL,
    state       text NOT NULL,
    started_at  text COLLATE "C" NOT NULL,
    ended_at    text COLLATE "C",
    params_json text NOT NULL,
    params_hash text NOT NULL,
    error       text,
    driver      text NOT NULL DEFAULT 'run',
    attempts    integer NOT NULL DEFAULT 1,
    warnings    text NOT NULL DEFAULT '[]',
    base_run_id text,
    PRIMARY KEY (lake, run_id));

CREATE TABLE IF NOT EXISTS task_runs(
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    lake         text COLLATE "C" NOT NULL,
    run_id       text COLLATE "C" NOT NULL,
    task         text COLLATE "C" NOT NULL,
    state        text NOT NULL,
    attempts     integer NOT NULL,
    started_at   text COLLATE "C",
    ended_at     text COLLATE "C",
    rows_in      bigint,
    rows_out     bigint,
    error        text,
    outputs_json text,
    PRIMARY KEY (lake, run_id, task));

-- The fencing tokens of the leases and publish locks (advisory locks): one row per lake and holder, its token
-- raised by one with every grant, so a holder whose lock was lost can tell that a newer grant exists.
CREATE TABLE IF NOT EXISTS lock_grants(
    lake       text COLLATE "C" NOT NULL,
    holder     text COLLATE "C" NOT NULL,
    token      bigint NOT NULL,
    granted_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (lake, holder));

CREATE INDEX IF NOT EXISTS runs_by_lake_start ON runs(lake, started_at);
