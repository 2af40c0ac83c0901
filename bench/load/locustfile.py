"""P6 (issue 10): people in mixed roles using the service at once, for bench/load_test.py.

Run by the driver, which writes the accounts file and reads the record of responses:

    .venv-load/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 5 -t 5m \
        --host http://127.0.0.1:<port>      # with ALTPROV_LOAD_ACCOUNTS and ALTPROV_LOAD_RECORD

Each simulated person signs in through the real pages (email and password, then the TOTP code
computed from their authenticator's key) as an account of their role, a different account for
each where there are enough, and then does what that role does, with a few seconds of reading
between pages:

- AP Lead: the home page, the pupils, referrals, placements and providers lists, a pupil's page
  and a placement's page;
- Attendance Lead: the home page, the week of attendance of their school, and saving it (every
  open cell left empty is marked B, every mark already there kept);
- Headteacher: the home page, the pupils, referrals and placements lists, the school's due
  dates, a pupil's page;
- provider user: the portal's home page, today's sessions, a placement's page;
- trust executive: the home page, the trust's AP report, the trust's due dates, the providers.

Every request carries a unique `rid` in its query string, which the access log keeps with the
page's path, and each person records, per response, whether it showed pupils, judged from the
page itself (a list with rows linking to pupils' records, a pupil's or placement's page, the
attendance grid, attention items that open a pupil's records), and how many access events it
should have made: one for a page of one school's pupils, and, as the service logs one event per
school (altprov/audit/access.py), one per school named on a portal page that lists pupils of
several. The driver then checks every response against the access log.

The client is `served.Browser` (http.client, cooperative under locust's gevent): the session
cookie is marked Secure and the server here is plain HTTP on the loopback, so the cookies are
sent by hand rather than by a cookie jar that would withhold them.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from pathlib import Path

from locust import User, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import served  # noqa: E402

ACCOUNTS = json.loads(Path(os.environ["ALTPROV_LOAD_ACCOUNTS"]).read_text())
RECORD_PATH = os.environ["ALTPROV_LOAD_RECORD"]
RECORD: list[dict] = []
_LOCK = threading.Lock()
_NEXT: dict[str, itertools.cycle] = {
    role: itertools.cycle(people) for role, people in ACCOUNTS["accounts"].items()
}

PUPIL_LINK = re.compile(rb'href="/pupils/(\d+)/"')
PLACEMENT_LINK = re.compile(rb'href="/placements/(\d+)/"')
PORTAL_PLACEMENT_LINK = re.compile(rb'href="/portal/placements/(\d+)/"')
# A pupil's records, and the follow-up of a pupil's absence ("Record the follow-up for <name>").
PUPIL_RECORD_LINK = re.compile(
    rb'href="/(?:pupils|placements|referrals|attendance/follow-ups)/\d+/'
)
HIDDEN_SCHOOL = re.compile(rb'<span class="govuk-visually-hidden">, ([^<]+)</span></a>')
ROW_SCHOOL = re.compile(rb'</th>\s*<td class="govuk-table__cell">([^<]+)</td>')
SELECT = re.compile(rb'<select[^>]*name="(m-[^"]+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(rb'<option value="([^"]*)" selected>')


def next_account(role: str) -> dict:
    with _LOCK:
        return next(_NEXT[role])


@events.test_stop.add_listener
def _write_record(**_kwargs):
    with _LOCK:
        Path(RECORD_PATH).write_text("\n".join(json.dumps(r) for r in RECORD))


class Person(User):
    abstract = True
    role = ""
    wait_time = between(2, 8)

    def on_start(self):
        self.browser = served.Browser(self.host)
        self.account = account = next_account(self.role)
        self.email = account["email"]
        started = time.perf_counter()
        try:
            self.browser.sign_in(self.email, ACCOUNTS["password"], account["key"])
        except Exception as error:  # noqa: BLE001 - every failure is reported to locust
            self._fire("POST", "sign in", started, 0, error)
            raise
        self._fire("POST", "sign in", started, 0, None)
        self.pupil_ids: list[str] = []
        self.placement_ids: list[str] = []

    def _fire(self, method, name, started, length, error):
        self.environment.events.request.fire(
            request_type=method,
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=length,
            exception=error,
            context={"role": self.role},
        )

    def open(self, path: str, name: str, shows=None, form=None):
        """One request, timed for locust and recorded with its rid and whether it showed pupils
        (`shows(content) -> bool`, or None for a page that never does)."""
        rid = uuid.uuid4().hex
        sep = "&" if "?" in path else "?"
        method = "POST" if form is not None else "GET"
        # Recorded before it is sent: a request cut off when the run stops still has its row
        # (with no status), so an access event the server wrote for it is accounted for.
        entry = {"rid": rid, "path": path, "status": None, "showed": False, "expected": 0}
        entry.update(role=self.role, email=self.email)
        with _LOCK:
            RECORD.append(entry)
        started = time.perf_counter()
        error = None
        status, content = 0, b""
        try:
            response, content = self.browser.request(method, f"{path}{sep}rid={rid}", form)
            status = response.status
            expected = 302 if form is not None else 200
            if status != expected:
                error = RuntimeError(f"{method} {path}: {status}, not {expected}")
        except Exception as failure:  # noqa: BLE001 - reported to locust as a failure
            error = failure
        self._fire(method, name, started, len(content), error)
        expected = int(shows(content)) if shows and status in (200, 302) else 0
        entry.update(status=status, showed=expected > 0, expected=expected)
        return content

    def open_list(self, path, name, link):
        content = self.open(path, name, lambda c: bool(link.search(c)))
        return [m.decode() for m in link.findall(content)]

    def home(self):
        self.open("/", "home", lambda c: bool(PUPIL_RECORD_LINK.search(c)))


class APLead(Person):
    role = "ap-lead"
    fixed_count = 12

    @task(3)
    def lists(self):
        self.pupil_ids = self.open_list("/pupils/", "pupils list", PUPIL_LINK) or self.pupil_ids
        self.open_list("/referrals/", "referrals list", re.compile(rb'href="/referrals/\d+/"'))
        self.placement_ids = (
            self.open_list("/placements/", "placements list", PLACEMENT_LINK) or self.placement_ids
        )
        self.open("/providers/", "providers list")

    @task(2)
    def records(self):
        if self.pupil_ids:
            self.open(f"/pupils/{random.choice(self.pupil_ids)}/", "pupil page", bool)
        if self.placement_ids:
            pk = random.choice(self.placement_ids)
            self.open(f"/placements/{pk}/", "placement page", bool)

    @task(1)
    def attention(self):
        self.home()


class AttendanceLead(Person):
    role = "attendance-lead"
    fixed_count = 12

    def _week(self):
        if self.account.get("school_id") is None:
            return None
        return f"/attendance/schools/{self.account['school_id']}/week/"

    @task(3)
    def week(self):
        url = self._week()
        if url is None:
            return
        content = self.open(url, "attendance week", lambda c: bool(SELECT.search(c)))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        week = re.search(rb'name="week" value="([^"]+)"', content)
        cells = SELECT.findall(content)
        if not (token and week and cells):
            return
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "week": week.group(1).decode()}
        for name, options in cells:
            chosen = SELECTED.search(options)
            value = chosen.group(1).decode() if chosen else ""
            form[name.decode()] = value or "B"
        # The service logs the saving POST too (its redirect shows nothing, but the pupils were
        # named while it was made, as a banner naming a pupil would be): one event, one school.
        self.open(url, "attendance week: save", lambda c: 1, form=form)

    @task(1)
    def attention(self):
        self.home()


class Headteacher(Person):
    role = "head"
    fixed_count = 10

    @task(3)
    def lists(self):
        self.pupil_ids = self.open_list("/pupils/", "pupils list", PUPIL_LINK) or self.pupil_ids
        self.open_list("/referrals/", "referrals list", re.compile(rb'href="/referrals/\d+/"'))
        self.open_list("/placements/", "placements list", PLACEMENT_LINK)

    @task(1)
    def pupil(self):
        if self.pupil_ids:
            self.open(f"/pupils/{random.choice(self.pupil_ids)}/", "pupil page", bool)

    @task(2)
    def attention(self):
        self.home()


class ProviderUser(Person):
    role = "provider"
    fixed_count = 11

    @task(2)
    def portal(self):
        # The portal shows pupils of several schools, and the access log has one event for each
        # school a response showed (altprov/audit/access.py): the schools are counted on the page.
        content = self.open("/portal/", "portal home", lambda c: len(set(HIDDEN_SCHOOL.findall(c))))
        ids = [m.decode() for m in PORTAL_PLACEMENT_LINK.findall(content)]
        self.open(
            "/portal/attendance/today/", "portal today", lambda c: len(set(ROW_SCHOOL.findall(c)))
        )
        if ids:
            self.open(f"/portal/placements/{random.choice(ids)}/", "portal placement", bool)


class TrustExecutive(Person):
    role = "trust-exec"
    fixed_count = 5

    @task(1)
    def trust(self):
        self.home()
        self.open("/reports/trust/", "trust report")
        self.open("/due/trust/", "trust due dates")

    @task(1)
    def providers(self):
        self.open("/providers/", "providers list")
