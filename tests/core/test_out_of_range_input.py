"""Issue 14, 1.7: out-of-range input is a field error, never a server error.

Every page of the service is opened as a user allowed to use it (the authorization matrix's
table and scene give the URLs, the real ids and the roles); every POST form on it that has a date
or a number is sent back with a huge (10**30), a negative and a non-numeric value in each date
part and each number input. No answer may be a 5xx."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.provider_audits.appendix import SECTIONS
from tests.authorization.policy import OWN, POLICY
from tests.authorization.test_matrix import scene  # noqa: F401 (fixture)
from tests.conftest import signed_in_client

BAD_VALUES = (str(10**30), "-5", "ten")
# Roles tried in this order: the first the policy allows in its own school is used.
PREFERENCE = [
    Role.AP_LEAD,
    Role.HEADTEACHER,
    Role.SENDCO,
    Role.DSL,
    Role.TRUST_ADMINISTRATOR,
    *Role,
]


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their date parts and number
    inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "dates": set(), "numbers": set()}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name"):
            name, classes = attrs["name"], attrs.get("class") or ""
            if "govuk-date-input__input" in classes and re.search(r"_[012]$", name):
                self._form["dates"].add(name[:-2])
            elif attrs.get("inputmode") in ("numeric", "decimal") or attrs.get("type") == "number":
                self._form["numbers"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _pages(world):
    """(url name, url, role) for every page, with each audit section and each chronology
    entry type."""
    for name, rule in sorted(POLICY.items()):
        if rule.method != "GET":
            continue
        role = next((r for r in PREFERENCE if rule.allows(r, OWN)), None)
        if role is None:
            continue
        kwargs = rule.kwargs(world, OWN) if rule.kwargs else {}
        variants = [kwargs]
        if "section" in kwargs:
            variants = [{**kwargs, "section": s.key} for s in SECTIONS]
        elif "kind" in kwargs:
            variants = [{**kwargs, "kind": k} for k in ChronologyEntry.Kind.values]
        for each in variants:
            yield name, reverse(name, kwargs=each), role


def _posts(form):
    """For each bad value: it in the year (day and month real), then in the day, then in the
    month, and in every number input."""
    for value in BAD_VALUES:
        for position in (2, 0, 1):
            data = {}
            for date in form["dates"]:
                parts = ["1", "1", "2026"]
                parts[position] = value
                data.update({f"{date}_{i}": part for i, part in enumerate(parts)})
            for number in form["numbers"]:
                data[number] = value
            yield data


@pytest.mark.django_db
def test_every_form_answers_out_of_range_dates_and_numbers_without_a_server_error(scene):  # noqa: F811
    clients = {}
    failures, checked = [], set()
    for name, url, role in _pages(scene):
        client = clients.setdefault(role, signed_in_client(scene.users[role]))
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            if not (form["dates"] or form["numbers"]):
                continue
            action = form["action"] or url
            for data in _posts(form):
                response = client.post(action, data)
                if response.status_code >= 500:
                    failures.append(f"{name} {action} {data}: {response.status_code}")
            checked.add((action, *sorted(form["dates"] | form["numbers"])))
    assert not failures, "\n".join(failures)
    # The walk reached the forms with dates and numbers (so it cannot pass by finding none).
    fields = {f for entry in checked for f in entry[1:]}
    for expected in (
        "sent_on",
        "held_on",
        "responded_on",
        "occurred_on",
        "visit_date",
        "received_on",
        "start_date",
        "weekly_cost",
        "maximum_weeks",
        "needs_assessed_on",
        "date_of_birth",
    ):
        assert expected in fields, f"no form with {expected} was reached"
