"""Issue 14, 1.7: out-of-range input is a field error, never a server error.

Every page of the service is opened as a user allowed to use it (the authorization matrix's
table and scene give the URLs, the real ids and the roles); every POST form on it that has a date
or a number is sent back with a huge (10**30), a negative and a non-numeric value in each date
part and each number input. No answer may be a 5xx."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.forms import BaseForm
from django.urls import reverse
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.provider_audits.appendix import SECTIONS
from altprov.providers.models import Provider
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
            url = reverse(name, kwargs=each)
            yield name, url, role
            if name == "placements:add":
                # Making a placement is two pages: the second, with its dates, numbers and census
                # fields, is reached by choosing a provider (`?provider=`).
                provider = Provider.objects.filter(trust=world.trust_a).order_by("pk").first()
                yield name, f"{url}?provider={provider.pk}", role


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


def walk_forms(world):
    """(url name, client, action, form) for every POST form with a date or a number on every
    page, opened as a user allowed to use the page."""
    clients = {}
    for name, url, role in _pages(world):
        client = clients.setdefault(role, signed_in_client(world.users[role]))
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            if form["dates"] or form["numbers"]:
                yield name, client, form["action"] or url, form


@pytest.mark.django_db
def test_every_form_answers_out_of_range_dates_and_numbers_without_a_server_error(scene):  # noqa: F811
    failures, checked = [], set()
    for name, client, action, form in walk_forms(scene):
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


# Issue 14, 2.1: every date field of every form is either the date of something done (today or
# earlier) or of something planned. A new date field fails the test until it is placed in one.
DONE = {
    "sent_on",  # the written notice
    "on",  # the LA caseworker told
    "objectives_shared_on",
    "shared_on",  # information shared
    "la_informed_on",
    "held_on",  # the meeting with parents
    "responded_on",  # the parents' agreement (R-7.3)
    "occurred_on",  # a chronology entry
    "visit_date",  # the audit visit
    "received_on",  # a letter of comfort
    "inspection_date",  # an Ofsted inspection
    "needs_assessed_on",
    "parents_told_on",  # a suspension
    "told_on",  # a suspension's parents told
    "date_of_birth",  # its own stricter rule: before today (born today is refused)
    "visited_on",  # a visit to the pupil at the provider
    "ended_on",  # a placement ended early
    "dsl_informed_on",  # the DSL informed of the ending
    "checked_on",  # progress against an objective
    "contacted_on",  # a contact with the pupil
    "recommended_on",  # a referral the provider recommends
    "dated",  # the EHCP's date
    "centre_confirmed_on",  # the exam centre confirmed
    "absent_on",  # an absence notified by the provider
    "notified_on",  # when the school was told of it
    "done_on",  # a follow-up, a contact with parents, an intervention
    "discussed_on",  # the pupil's views before the return
    "decided_on",  # the decision to exclude permanently
    "given_on",  # continued support after the return
    "answered_on",  # the pupil's questionnaire
}
PLANNED_OR_CALENDAR = {
    "start_date",
    "planned_end_date",
    "renewal_due",
    "effective_from",
    "start",
    "end",
    "half_term_break_start",
    "half_term_break_end",
    "date",  # a closure day
    "first_day",  # a suspension's first day
    "planned_return_on",  # the reintegration plan
    "first_review_on",
    "second_review_on",
    "expires_on",  # an API token's expiry (issue 9)
}


def _form_with(response, field):
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and field in value.fields:
                return value
    return None


@pytest.mark.django_db
def test_2_1_every_date_of_something_done_refuses_tomorrow_and_accepts_today(scene):  # noqa: F811
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    failures, seen = [], set()
    for name, client, action, form in walk_forms(scene):
        for field in form["dates"]:
            kind = re.sub(r"^a\d+__due$", "due", field)
            seen.add(field)
            if kind == "due":
                continue  # an audit action's due date: planned
            if kind not in DONE | PLANNED_OR_CALENDAR:
                failures.append(f"{name}: date field {field} is neither done nor planned")
                continue
            for day, refused in ((tomorrow, kind in DONE), (today, kind == "date_of_birth")):
                data = {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}
                response = client.post(action, data)
                bound = _form_with(response, field)
                errors = " ".join(bound.errors.get(field, [])) if bound is not None else ""
                if response.status_code == 302:
                    errors = ""
                said = "must be today or in the past" in errors or "must be in the past" in errors
                if said != refused or (
                    refused and bound.fields[field].label.lower()[:8] not in errors.lower()
                ):
                    failures.append(f"{name} {field} on {day}: errors {errors!r}")
    assert not failures, "\n".join(failures)
    assert DONE - seen == set(), f"not reached: {DONE - seen}"


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["1", "1", str(10**30)], "The date shared must be a year from 2000 to 2100"),
        (["1", "1", "9" * 5000], "The date shared must be a year from 2000 to 2100"),
        (["1", "1", "99999"], "The date shared must be a year from 2000 to 2100"),
        (["1", "1", "-2026"], "The date shared must be a real date, like 5 9 2026"),
        (["1", "1", "twenty"], "The date shared must be a real date, like 5 9 2026"),
        ([str(10**30), "1", "2026"], "The date shared must be a real date, like 5 9 2026"),
        (["1", "9" * 5000, "2026"], "The date shared must be a real date, like 5 9 2026"),
        (["-1", "1", "2026"], "The date shared must be a real date, like 5 9 2026"),
        (["1", "13", "2026"], "The date shared must be a real date, like 5 9 2026"),
    ],
)
def test_a_date_out_of_range_is_a_field_error_naming_the_field(parts, message):
    from django.core.exceptions import ValidationError

    from altprov.core.fields import GovukDateField

    field = GovukDateField(label="Date shared")
    with pytest.raises(ValidationError) as refused:
        field.clean(parts)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (str(10**30), "The maximum period of the placement (weeks) must be"),
        ("-5", "must be"),
        ("ten", "Enter the maximum period as a whole number of weeks"),
    ],
)
def test_a_number_out_of_range_is_a_field_error_naming_the_field(value, message):
    from altprov.referrals.forms import AgreementForm

    form = AgreementForm({"maximum_weeks": value})
    assert not form.is_valid()
    assert message in " ".join(form.errors["maximum_weeks"])


def test_every_whole_number_a_form_takes_fits_the_database():
    from django import forms as django_forms

    from altprov.core.fields import MAX_INTEGER
    from altprov.organisations.forms import TrustSettingsForm
    from altprov.provider_audits.forms import ProfileForm

    for form in (ProfileForm(), TrustSettingsForm()):
        for name, field in form.fields.items():
            if isinstance(field, django_forms.IntegerField) and not isinstance(
                field, django_forms.DecimalField
            ):
                assert field.max_value is not None and field.max_value <= MAX_INTEGER, name
                assert field.min_value is not None and field.min_value >= -MAX_INTEGER - 1, name
