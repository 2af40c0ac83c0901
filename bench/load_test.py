"""P6 (issue 10): 50 people in mixed roles for 5 minutes against gunicorn and PostgreSQL, with
0 errors, a 95th percentile of at most 300 ms, and exactly one access-log row per response that
showed pupils.

    make load-install                # once: locust into .venv-load (its own dependency group)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/load_test.py
    ... bench/load_test.py --minutes 1 --schools 10 --days 20     # shorter and smaller

It makes a throwaway PostgreSQL database (bench/served.py) with a large trust from the data
generator (50 schools of 40 placements with a year of attendance marks by default), adds four
more Trust Executives to the trust (the generator makes one per trust, and each simulated person
signs in as their own account), starts gunicorn (the committed gunicorn.conf.py, `--workers`
workers), and runs locust headless (bench/load/locustfile.py, from `.venv-load`, so that
locust's pytest plugin never loads in the test suite's environment) with 12 AP Leads,
12 Attendance Leads, 10 Headteachers, 11 provider users and 5 Trust Executives.

Then it checks, and prints with what took the time:
1. no request failed (a status other than the page's, or no answer);
2. the 95th percentile of every request's time, sign-in included, is at most 300 ms;
3. the access log (`audit_accessevent`) holds exactly one row for each response that showed
   pupils (one per school whose pupils it showed: the service logs per school, and a provider's
   portal lists pupils of several) and none for any other: each request carries a unique `rid`
   in its query string, which the access event keeps in its path, and each simulated person
   recorded which of its responses showed pupils, and of how many schools (see the locustfile).
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402
import served  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOCUST = ROOT / ".venv-load" / "bin" / "locust"
USERS = {"ap-lead": 12, "attendance-lead": 12, "head": 10, "provider": 11, "trust-exec": 5}
P95_TARGET_MS = 300


def accounts_file(accounts: served.Accounts, path: Path) -> dict[str, int]:
    """The accounts each role signs in as, as many as the role has people where there are."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from altprov.accounts.models import User
    from altprov.authz.models import RoleAssignment
    from altprov.authz.permissions import Role
    from altprov.organisations.models import Trust

    trust = Trust.objects.order_by("pk").first()
    execs = accounts.by_role.setdefault("trust-exec", [])
    password_hash = User.objects.get(email=execs[0]).password
    for n in range(2, USERS["trust-exec"] + 1):
        email = f"trust-exec-{n}.t1@{served.DOMAIN}"
        user = User.objects.create(email=email, password=password_hash, full_name=f"Exec {n}")
        key = os.urandom(20).hex()
        TOTPDevice.objects.create(user=user, name="App", key=key, confirmed=True)
        RoleAssignment.objects.create(user=user, role=Role.TRUST_EXECUTIVE, trust=trust)
        accounts.add("trust-exec", email, key)
    chosen, have = {}, {}
    for role, wanted in USERS.items():
        emails = sorted(accounts.by_role.get(role, []), key=_natural)[:wanted]
        if not emails:
            raise SystemExit(f"The generated data has no {role} account")
        schools = dict(
            RoleAssignment.objects.filter(user__email__in=emails, school__isnull=False).values_list(
                "user__email", "school_id"
            )
        )
        chosen[role] = [
            {"email": e, "key": accounts.keys[e], "school_id": schools.get(e)} for e in emails
        ]
        have[role] = len(emails)
    path.write_text(json.dumps({"password": accounts.password, "accounts": chosen}))
    return have


def _natural(email: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", email)]


def run_locust(base: str, minutes: float, accounts: Path, record: Path, out: Path) -> int:
    if not LOCUST.exists():
        raise SystemExit("locust is not installed: run `make load-install` first")
    env = dict(os.environ, ALTPROV_LOAD_ACCOUNTS=str(accounts), ALTPROV_LOAD_RECORD=str(record))
    command = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--users",
        str(sum(USERS.values())),
        "--spawn-rate",
        "2",
        "--run-time",
        f"{int(minutes * 60)}s",
        "--host",
        base,
        "--csv",
        str(out / "locust"),
        "--only-summary",
        "--stop-timeout",
        "30",
    ]
    with open(out / "locust.log", "wb") as log:
        return subprocess.run(command, env=env, stdout=log, stderr=log, check=False).returncode  # noqa: S603


def access_log_check(record_path: Path) -> dict:
    from altprov.audit.models import AccessEvent

    records = [json.loads(line) for line in record_path.read_text().splitlines() if line]
    events = Counter()
    no_rid = 0
    for path in AccessEvent.objects.values_list("path", flat=True).iterator():
        match = re.search(r"[?&]rid=([0-9a-f]{32})", path)
        if match:
            events[match.group(1)] += 1
        else:
            no_rid += 1
    # A request cut off when the run stopped (no status) may or may not have been answered and
    # logged: counted apart, never as a match or a mismatch.
    cut_off = [r for r in records if r["status"] is None]
    records = [r for r in records if r["status"] is not None]
    showed = [r for r in records if r["showed"]]
    wrong = [r for r in records if events.get(r["rid"], 0) != r["expected"]]
    return {
        "responses": len(records),
        "showed": len(showed),
        "events": sum(events.values()) + no_rid,
        "events_without_rid": no_rid,
        "wrong": wrong,
        "unknown": len(set(events) - {r["rid"] for r in records} - {r["rid"] for r in cut_off}),
        "cut_off": len(cut_off),
        "events_by": events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--per-school", type=int, default=40)
    parser.add_argument("--days", type=int, default=190, help="weekdays of attendance marks")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("P6 runs against PostgreSQL: set DATABASE_URL (see the docstring)")
    out = Path(tempfile.mkdtemp(prefix="altprov-load-"))
    with database.throwaway_database() as db:
        started = time.perf_counter()
        accounts = served.build(
            schools=args.schools, placements_per_school=args.per_school, days=args.days
        )
        built = time.perf_counter() - started
        have = accounts_file(accounts, out / "accounts.json")
        with served.gunicorn(db, workers=args.workers, log=out / "gunicorn.log") as base:
            locust_rc = run_locust(
                base, args.minutes, out / "accounts.json", out / "record.jsonl", out
            )
        check = access_log_check(out / "record.jsonl")
    report(args, built, have, locust_rc, check, out)


def report(args, built, have, locust_rc, check, out: Path) -> None:
    with open(out / "locust_stats.csv") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = sorted(
        (r for r in rows if r["Name"] != "Aggregated"),
        key=lambda r: -float(r["Average Response Time"]) * int(r["Request Count"]),
    )
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    print(
        f"Data:      1 trust, {args.schools} schools x {args.per_school} placements, "
        f"{args.days} days of marks (built in {built:.0f} s)"
    )
    print(
        f"Load:      {sum(USERS.values())} people for {args.minutes:g} min, gunicorn "
        f"{args.workers} workers; accounts per role: {have}; locust exit {locust_rc}"
    )
    print(f"Requests:  {requests:,} ({float(total['Requests/s']):.1f}/s), failures {failures}")
    print(
        f"Times:     median {total['50%']} ms, p95 {p95:.0f} ms, p99 {total['99%']} ms, "
        f"max {float(total['Max Response Time']):.0f} ms"
    )
    print("Where the time went (count, median, p95, share of all time):")
    all_time = sum(float(r["Average Response Time"]) * int(r["Request Count"]) for r in pages)
    for r in pages:
        spent = float(r["Average Response Time"]) * int(r["Request Count"])
        print(
            f"  {r['Type']:4} {r['Name']:26} {int(r['Request Count']):6,} "
            f"{r['50%']:>6} ms {r['95%']:>6} ms {spent / all_time:6.1%}"
            f"{'  failures ' + r['Failure Count'] if int(r['Failure Count']) else ''}"
        )
    print(
        f"Access log: {check['responses']:,} responses recorded, {check['showed']:,} showed "
        f"pupils; {check['events']:,} access events ({check['events_without_rid']} without a "
        f"request id, {check['unknown']} for requests not recorded); {check['cut_off']} "
        "requests cut off by the end of the run, left out"
    )
    for r in check["wrong"][:10]:
        print(
            f"  wrong: {r['path']} ({r['role']}, {r['status']}) showed={r['showed']} "
            f"events={check['events_by'].get(r['rid'], 0)}"
        )
    log_ok = not check["wrong"] and not check["unknown"] and not check["events_without_rid"]
    print(f"0 errors:           {'met' if failures == 0 else 'NOT met'}")
    print(f"p95 <= {P95_TARGET_MS} ms:      {'met' if p95 <= P95_TARGET_MS else 'NOT met'}")
    print(f"one row per pupil response: {'met' if log_ok else 'NOT met'}")
    print(f"Files:     {out} (locust stats and log, gunicorn log, the record)")


if __name__ == "__main__":
    main()
