"""Benchmark of the GIAS import (R-5.2): time and memory for a full-size establishment file.

    .venv/bin/python bench/gias_import.py [--rows 50000] [--providers 200]

It generates a Windows-1252 file with the full GIAS header (taken from the sample in
../shared/data/gias/) and realistic rows (the sample's rows, repeated with new URNs, and names with
"é" and "’"), then imports it twice into a throwaway database: once to time it (wall time, rows per
second, growth of the process's peak resident memory) and once under tracemalloc (peak of Python's
own allocations). An import that streams keeps both far below the size of the file.

The database (bench/database.py) is a temporary SQLite file, or, when DATABASE_URL is set
(PostgreSQL), a database `<name>_bench_<pid>` next to the one it names; either is copied from a
migrated template and dropped at the end. Nothing else is touched.
"""

import argparse
import csv
import gc
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402

ROOT = database.ROOT
SAMPLE = ROOT.parent / "shared" / "data" / "gias" / "gias_sample.csv"
FALLBACK_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "UKPRN",
    "OfstedLastInsp",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
]
NAMES = [
    "École Saint-Honoré’s Pupil Referral Unit",
    "Café Création Learning Centre",
    "St Mary’s Independent School",
    "Ysgol Gymraeg Aberdâr",
    "Brontë House",
    "Hillside Farm Education",
]
STATUSES = ["Open"] * 8 + ["Closed", "Open, but proposed to close", "Proposed to open"]


def _template():
    """The header and the sample's rows (or one made-up row without the sample)."""
    if SAMPLE.exists():
        with SAMPLE.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        return rows[0], rows[1:]
    row = ["0", "201", "Testshire", "6000", "School", "Other independent school"]
    row += ["Independent schools", "Open", "01-09-2010", "", "10012345", "19-04-2013"]
    row += ["1 High Street", "Testtown", "ZZ1 1AA", "www.example.org"]
    return FALLBACK_HEADER, [row]


def generate(path: Path, rows: int) -> None:
    header, templates = _template()
    col = {name: i for i, name in enumerate(header)}
    rng = random.Random(5_2)
    with path.open("w", encoding="cp1252", errors="replace", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(templates[i % len(templates)])
            row[col["URN"]] = str(100_000 + i)
            name = row[col["EstablishmentName"]]
            if i % 7 == 3:
                name = f"{rng.choice(NAMES)} {i}"
            row[col["EstablishmentName"]] = name
            status = rng.choice(STATUSES)
            row[col["EstablishmentStatus (name)"]] = status
            row[col["OpenDate"]] = (
                f"{rng.randint(1, 28):02}-{rng.randint(1, 12):02}-{rng.randint(1950, 2025)}"
            )
            row[col["CloseDate"]] = (
                f"{rng.randint(1, 28):02}-{rng.randint(1, 12):02}-{rng.randint(2000, 2025)}"
                if status == "Closed"
                else ""
            )
            writer.writerow(row)


def make_providers(count: int, rows: int) -> None:
    """Providers of one trust: registered ones naming rows of the file by URN (a few with no URN
    or another name), and unregistered ones, some named like an establishment."""
    from altprov.organisations.services import trust_create
    from altprov.providers.models import Provider

    header, templates = _template()
    name_at = header.index("EstablishmentName")
    trust = trust_create(name="Bench Trust")
    rng = random.Random(1)
    providers = []
    for i in range(count):
        urn, registered = "", i % 3 != 0
        if not registered:
            name = templates[(i // 3) % len(templates)][name_at] if i % 2 else f"Bench {i}"
        elif i % 11 == 0:
            name, urn = f"Bench Provider {i}", str(100_000 + rng.randrange(rows))
        elif i % 13 == 0:
            name, urn = f"Bench Provider {i}", "999999"  # not in the file
        else:
            row = rng.randrange(rows - 7)
            row += 1 if row % 7 == 3 else 0  # a row that kept the sample's name
            name = f"{templates[row % len(templates)][name_at]} ({i})"
            urn = "" if i % 10 == 0 else str(100_000 + row)
        providers.append(
            Provider(
                trust=trust,
                name=f"{name} [{i}]" if not registered and i % 2 == 0 else name,
                registration_status="registered" if registered else "unregistered",
                urn=urn,
                address_line_1="1 Bench Road",
                town="Benchtown",
                postcode="ZZ1 1AA",
                manager_name="Bench Manager",
            )
        )
    seen = set()
    Provider.objects.bulk_create(p for p in providers if not (p.name in seen or seen.add(p.name)))


def run(path: Path):
    from altprov.gias.services import gias_import

    with path.open("rb") as f:
        return gias_import(file=f, file_name=path.name, by=None)


def _outcomes(gias_import) -> str:
    from django.db.models import Count

    counts = gias_import.checks.values_list("outcome").annotate(n=Count("pk")).order_by("outcome")
    return ", ".join(f"{outcome} {n}" for outcome, n in counts)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--providers", type=int, default=200)
    args = parser.parse_args()
    with database.throwaway_database() as db:
        path = db.tmp / "edubasealldata20261101.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        generated = time.perf_counter() - started
        size_mb = path.stat().st_size / 1024 / 1024
        make_providers(args.providers, args.rows)
        gc.collect()
        rss_before = maxrss_mb()
        started = time.perf_counter()
        result = run(path)
        elapsed = time.perf_counter() - started
        rss_growth = maxrss_mb() - rss_before

        gc.collect()
        tracemalloc.start()
        started = time.perf_counter()
        run(path)
        traced_elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        vendor = db.vendor
        outcomes = _outcomes(result)
    print(f"Database:                {vendor}")
    print(f"File:                    {args.rows:,} rows, {size_mb:.1f} MB, Windows-1252")
    print(f"                         (generated in {generated:.1f} s, not counted)")
    print(f"Encoding detected:       {result.get_encoding_display()}")
    print(f"Rows imported:           {result.rows:,}")
    print(
        f"Providers checked:       {result.providers_checked:,} ({result.providers_flagged:,} flagged)"
    )
    print(f"Outcomes:                {outcomes}")
    print(f"Wall time of the import: {elapsed:.2f} s")
    print(f"Rows per second:         {result.rows / elapsed:,.0f}")
    print(f"Peak RSS growth:         {rss_growth:.1f} MB (resource.getrusage maxrss delta)")
    print(f"Peak Python memory:      {peak / 1024 / 1024:.1f} MB (tracemalloc peak)")
    print(f"                         (the traced import took {traced_elapsed:.2f} s)")
    print(f"Peak Python memory / file size: {peak / 1024 / 1024 / size_mb:.1%}")


if __name__ == "__main__":
    main()
