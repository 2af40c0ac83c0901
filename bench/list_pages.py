"""P1 (issue 10): the throughput of the list pages under gunicorn, against a hello-world view of
the same app through the same middleware, measured in the same run at the same concurrency.

    .venv/bin/python bench/list_pages.py                 # 5 schools of 50 placements, 10 s a page
    .venv/bin/python bench/list_pages.py --quick         # 2 schools, 3 s a page (make bench)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/list_pages.py

It builds one trust in a throwaway database (bench/served.py: the data generator when installed),
starts gunicorn with the committed gunicorn.conf.py and 2 workers on a free port of 127.0.0.1,
signs in the Headteacher of the first school through the real sign-in pages (password, then the
TOTP code computed from their authenticator's key), and then, for the hello-world view first,
each P1 page (pupils, referrals, placements, providers, the home page "what needs my attention")
and the hello-world view again, sends requests for `--seconds` at `--concurrency` connections,
with `wrk` when it is installed (Debian's package), else a threaded client here. Each page's rate
is divided by the mean of the two hello-world rates; the target is at least 0.15.
"""

import argparse
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
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
    with served.throwaway_database() as db:
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

            results = {}
            hello_first = measure(served.HELLO)
            for path in PAGES:
                results[path] = measure(path)
            hello_last = measure(served.HELLO)
    hello = (hello_first[0] + hello_last[0]) / 2
    print(
        f"Database:        {db.vendor}; data from the {'generator' if served.generator_available() else 'tests bulk helpers'} "
        f"(1 trust, {args.schools} schools, {args.per_school} placements each; built in {built:.0f} s)"
    )
    print(
        f"Server:          gunicorn, {args.workers} workers; client: {'wrk' if use_wrk else 'threads'}, "
        f"{args.concurrency} connections, {args.seconds:g} s a page; pupil list rows: {rows - 1}"
    )
    print(
        f"Hello world:     {hello_first[0]:8.1f} req/s before, {hello_last[0]:8.1f} after (mean {hello:.1f})"
    )
    failed = []
    for path, (rate, bad, errors, p50) in results.items():
        ratio = rate / hello
        ok = ratio >= TARGET and not bad
        failed += [] if ok else [path]
        print(
            f"{path:16} {rate:8.1f} req/s  median {p50:>8}  ratio {ratio:5.2f}"
            f"{'' if not bad else f'  {bad} not 200'}{'  ' + errors if errors else ''}"
            f"  {'met' if ok else 'NOT met'} (target >= {TARGET})"
        )
    if hello_first[1] or hello_last[1]:
        print("Hello world had responses that were not 200")


if __name__ == "__main__":
    main()
