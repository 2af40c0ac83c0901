"""P1 (issue 10): the throughput of the list pages under gunicorn, against a hello-world view of
the same app through the same middleware, measured in the same run at the same concurrency.

    .venv/bin/python bench/list_pages.py                 # 5 schools of 50 placements, 10 s a page
    .venv/bin/python bench/list_pages.py --quick         # 2 schools, 3 s a page (make bench)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/list_pages.py

It builds one trust in a throwaway database (bench/served.py: the data generator when installed),
starts gunicorn with the committed gunicorn.conf.py and 2 workers on a free port of 127.0.0.1,
signs in the Headteacher of the first school through the real sign-in pages (password, then the
TOTP code computed from their authenticator's key), and then sends requests for `--seconds` at
`--concurrency` connections, with `wrk` when it is installed (Debian's package), else a threaded
client here: to the hello-world view, then to each P1 page (pupils, referrals, placements,
providers, the home page "what needs my attention") followed by the hello-world view again. Each
page's rate is divided by the mean of the hello-world rates measured just before and just after
it; the target is at least 0.15.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402
import served  # noqa: E402

PAGES = ["/pupils/", "/referrals/", "/placements/", "/providers/", "/"]
TARGET = 0.15


def wrk_rate(base: str, path: str, cookie: str, seconds: float, concurrency: int):
    out = subprocess.run(  # noqa: S603 - our own command line
        [  # noqa: S607 - wrk from the PATH (Debian's package)
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "60s",
            "-H",
            f"Cookie: {cookie}",
            f"{base}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    return rate, int(bad.group(1)) if bad else 0, errors.group(1) if errors else "", p50


def threaded_rate(base: str, path: str, cookies: dict, seconds: float, concurrency: int):
    done, bad, lock = [0], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def work():
        browser = served.Browser(base)
        browser.cookies = dict(cookies)
        while time.monotonic() < stop:
            response, _ = browser.request("GET", path)
            with lock:
                done[0] += 1
                bad[0] += response.status != 200

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.monotonic() - started), bad[0], "", "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=5)
    parser.add_argument("--per-school", type=int, default=50)
    parser.add_argument("--days", type=int, default=20, help="weekdays of attendance marks")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="2 schools, 3 s a page")
    parser.add_argument("--python-client", action="store_true", help="not wrk")
    args = parser.parse_args()
    if args.quick:
        args.schools, args.days, args.seconds = 2, 5, 3
    use_wrk = shutil.which("wrk") and not args.python_client
    with database.throwaway_database() as db:
        started = time.perf_counter()
        accounts = served.build(
            schools=args.schools, placements_per_school=args.per_school, days=args.days
        )
        built = time.perf_counter() - started
        email = sorted(e for e in accounts.by_role["head"] if ".s1." in e)[0]
        with served.gunicorn(db, workers=args.workers) as base:
            browser = served.Browser(base)
            browser.sign_in(email, accounts.password, accounts.keys[email])
            cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
            for path in [served.HELLO, *PAGES]:
                response, content = browser.request("GET", path)
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}, not 200")
            rows = len(
                re.findall(rb'class="govuk-table__row"', browser.request("GET", "/pupils/")[1])
            )

            def measure(path):
                if use_wrk:
                    return wrk_rate(base, path, cookie, args.seconds, args.concurrency)
                return threaded_rate(base, path, browser.cookies, args.seconds, args.concurrency)

            # The hello-world view before the first page and after each, so that each page's
            # rate is compared with the baseline measured either side of it (the machine's load
            # moves during a run).
            hellos = [measure(served.HELLO)]
            results = {}
            for path in PAGES:
                results[path] = measure(path)
                hellos.append(measure(served.HELLO))
    rates = [h[0] for h in hellos]
    print(
        f"Database:        {db.vendor}; data from the "
        f"{'generator' if served.generator_available() else 'tests bulk helpers'} "
        f"(1 trust, {args.schools} schools, {args.per_school} placements each; "
        f"built in {built:.0f} s)"
    )
    print(
        f"Server:          gunicorn, {args.workers} workers; client: "
        f"{'wrk' if use_wrk else 'threads'}, {args.concurrency} connections, "
        f"{args.seconds:g} s a page; pupil list rows: {rows - 1}"
    )
    print(
        f"Hello world:     {statistics.mean(rates):8.1f} req/s mean "
        f"(from {min(rates):.1f} to {max(rates):.1f} over the run)"
    )
    for i, (path, (rate, bad, errors, p50)) in enumerate(results.items()):
        hello = (rates[i] + rates[i + 1]) / 2
        ratio = rate / hello
        ok = ratio >= TARGET and not bad
        print(
            f"{path:16} {rate:8.1f} req/s  median {p50:>8}  hello either side {hello:7.1f}  "
            f"ratio {ratio:5.2f}{'' if not bad else f'  {bad} not 200'}"
            f"{'  ' + errors if errors else ''}  {'met' if ok else 'NOT met'} (target >= {TARGET})"
        )
    if any(h[1] for h in hellos):
        print("The hello-world view answered something other than 200")


if __name__ == "__main__":
    main()
