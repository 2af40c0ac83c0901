"""Benchmark of `backup` and `restore_check` (issue 10, item 4) on PostgreSQL, against plain
pg_dump and pg_restore of the same database in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/backup.py [--rows 1000000]

It creates a throwaway database next to the one DATABASE_URL names (`<name>_bench_backup_<pid>`)
with one table shaped like attendance marks (`--rows` rows: ids, a placement, a date, a session,
a code, a time and a short note) and drops it at the end. Then, `--repeat` times each:

1. `backup` (pg_dump in the snapshot, plus every table's row count and checksum) against plain
   `pg_dump --format=custom` of the same database: the cost of the manifest;
2. `restore_check` (sha256, a throwaway database, pg_restore, the checksums, the drop) against
   plain `createdb` + `pg_restore` + `dropdb`: the cost of the check.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MARKS = """
CREATE TABLE bench_marks AS
SELECT g::bigint AS id,
       (g % 100000)::int AS placement_id,
       date '2025-09-01' + (g % 365) AS day,
       CASE WHEN g % 2 = 0 THEN 'AM' ELSE 'PM' END AS session,
       (ARRAY['/', '\\', 'B', 'I', 'M', 'N', 'U'])[1 + g % 7] AS code,
       timestamptz '2025-09-01 09:00+00' + g * interval '1 second' AS entered_at,
       CASE WHEN g % 10 = 0 THEN 'Arrived late, bus' ELSE '' END AS note
FROM generate_series(1, {rows}) AS g;
ALTER TABLE bench_marks ADD PRIMARY KEY (id);
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to PostgreSQL: this benchmark is of pg_dump and pg_restore.")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "altprov.settings")
    import django

    django.setup()
    import psycopg
    from django.db import connection
    from psycopg import sql

    from altprov.ops import backups

    settings = connection.settings_dict
    params = backups._pg_params(settings)
    name = f"{settings['NAME'][:30]}_bench_backup_{os.getpid()}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        target = {**params, "dbname": name}
        started = time.perf_counter()
        with psycopg.connect(**target, autocommit=True) as conn:
            conn.execute(MARKS.replace("{rows}", str(int(args.rows))))
            conn.execute("VACUUM ANALYZE bench_marks")
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = size.fetchone()[0]
        built = time.perf_counter() - started
        connection.close()
        settings["NAME"] = name
        env = backups._pg_env(target)

        def run(tool: str, *arguments: str) -> None:
            command = [backups.tool_path(tool), *arguments]
            subprocess.run(command, env=env, check=True)  # noqa: S603 - fixed tools

        ours = {"backup": [], "restore_check": []}
        plain = {"backup": [], "restore_check": []}
        with tempfile.TemporaryDirectory(prefix="deploy-bench-backup-") as folder:
            folder = Path(folder)
            for attempt in range(args.repeat):
                t = time.perf_counter()
                made = backups.backup(folder / f"ours{attempt}")
                ours["backup"].append(time.perf_counter() - t)

                plain_dump = folder / f"plain{attempt}.dump"
                t = time.perf_counter()
                run("pg_dump", "--format=custom", f"--file={plain_dump}")
                plain["backup"].append(time.perf_counter() - t)

                t = time.perf_counter()
                problems = backups.restore_check(made.dump)
                ours["restore_check"].append(time.perf_counter() - t)
                assert problems == [], problems

                scratch = f"{name}_plain"
                t = time.perf_counter()
                run("createdb", scratch)
                run("pg_restore", "--no-owner", f"--dbname={scratch}", str(plain_dump))
                run("dropdb", scratch)
                plain["restore_check"].append(time.perf_counter() - t)
            dump_size = made.dump.stat().st_size
    finally:
        connection.close()
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    print(f"Rows:            {args.rows:,} in one table ({size} database, built in {built:.1f} s)")
    print(f"Dump:            {dump_size / 1e6:.1f} MB (custom format)")
    for step, label in (("backup", "pg_dump"), ("restore_check", "createdb+pg_restore+dropdb")):
        mine, base = statistics.median(ours[step]), statistics.median(plain[step])
        print(
            f"{step:<15}  {mine:6.2f} s median of {args.repeat}; plain {label}: "
            f"{base:6.2f} s; ratio {mine / base:.2f}x"
        )
    print(f"Load average:    {' '.join(f'{x:.2f}' for x in os.getloadavg())} (at the end)")


if __name__ == "__main__":
    main()
