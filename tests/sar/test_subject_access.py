"""X-1 (issue 11, item 1): a subject access export of one pupil's whole record, as a ZIP of a PDF
summary and CSV files, with the names and safeguarding entries the DSL or Headteacher chose
redacted, after a fresh code, logged and recorded."""

import csv
import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from altprov.attendance.models import AttendanceMark
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.chronology.services import entry_add
from altprov.monitoring import services as monitoring
from altprov.outcomes import services as outcomes
from altprov.placements.models import PlanObjective
from altprov.pupils.services import carer_remove, pupil_save
from altprov.reviews.services import review_record
from altprov.sar.export import safe_cell
from altprov.sar.models import SubjectAccessExport
from altprov.sar.records import KINDS, record_of
from altprov.sar.redaction import REDACTED, REDACTED_ENTRY, Redaction, items_of
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import give_role, make_carer, make_user, pdf_upload
from tests.outcomes.helpers import BEFORE

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
EXPORTERS = (Role.HEADTEACHER, Role.DSL)
KEPT_CARER = "Carla Keepname"
REDACTED_CARER = "Rhona Redactme"
SECRET = "Disclosure zqxsecret about home"
SECRET_DETAIL = "Told the DSL zqxdetail in confidence"
KEPT_NOTE = "Met the family about attendance"
SOCIAL_WORKER = "Sandra Socialzqx"
FORMULA = '=HYPERLINK("http://bad.example","x")'
# The CSVs the issue names, each of which must hold the pupil's rows.
MUST_HOLD_ROWS = [
    "pupil",
    "carers",
    "chronology",
    "referrals",
    "placements",
    "plan_objectives",
    "attendance_marks",
    "termly_reports",
    "final_reports",
    "agreement_reviews",
    "visits",
    "incidents",
    "reintegration_meetings",
    "documents",
    "history_of_changes",
]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def full_record(world, frozen, settings, tmp_path):
    """World's pupil A1 with a record of every kind: carers, chronology (one safeguarding entry),
    safeguarding details, a referral and an attending placement with its plan, attendance, a
    termly report, a review, a visit, an incident, the records before the return with the final
    report uploaded, and the history of their changes."""
    settings.MEDIA_ROOT = tmp_path / "media"
    pupil = world.pupil_a1
    ap = world.users[Role.AP_LEAD]
    pupil.looked_after = True
    pupil.social_worker_name = SOCIAL_WORKER
    pupil_save(pupil=pupil, by=ap)
    make_carer(pupil, name=KEPT_CARER, relationship="Mother")
    make_carer(pupil, name=REDACTED_CARER, relationship="Aunt", priority=2)
    entry_add(
        pupil=pupil,
        kind="note",
        occurred_on=dt.date(2026, 9, 7),
        summary=KEPT_NOTE,
        detail=FORMULA,
        by=ap,
    )
    entry_add(
        pupil=pupil,
        kind="note",
        occurred_on=dt.date(2026, 9, 8),
        summary=SECRET,
        detail=SECRET_DETAIL,
        safeguarding=True,
        by=ap,
    )
    placement = attending(world, pupil)
    PlanObjective.objects.create(
        placement=placement,
        objective="Attend every morning",
        timeframe="By Christmas",
        measure="Marks",
    )
    AttendanceMark.objects.create(
        placement=placement, date=dt.date(2026, 11, 9), session="AM", code="/", entered_by=ap
    )
    monitoring.report_record(
        placement=placement,
        by=ap,
        received_on=dt.date(2026, 11, 10),
        received_from="Pat Sender",
        academic_progress="Good",
        behaviour="Settled",
        welfare="Well",
    )
    review_record(
        placement=placement,
        held_on=dt.date(2026, 11, 11),
        attended=f"{REDACTED_CARER}\nAP Lead",
        outcome="continue",
        notes=f"{REDACTED_CARER} agreed to the plan",
        by=ap,
    )
    monitoring.visit_record(
        placement=placement,
        by=ap,
        visited_on=dt.date(2026, 11, 12),
        visited_by="Vic Visitor",
        what_was_seen="Working well",
        pupil_view="Likes it",
    )
    monitoring.incident_record(
        placement=placement,
        by=ap,
        occurred_on=dt.date(2026, 11, 13),
        reported_by="Rory Reporter",
        what_happened="Argument",
        provider_action="Calmed down",
    )
    for key, fields in BEFORE.items():
        extra = {"document": pdf_upload("final.pdf")} if key == "final_report" else {}
        outcomes.before_return_save(placement=placement, key=key, by=ap, **fields, **extra)
    return pupil


def _files(response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def _text(name: str, content: bytes) -> str:
    if name.endswith(".pdf") and name == "summary.pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8-sig", errors="replace")


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _key(pupil, label: str) -> str:
    return next(i.key for i in items_of(record_of(pupil)) if i.label == label)


def _export(client, pupil, redact: list[str]):
    base = f"/pupils/{pupil.pk}/subject-access/"
    assert client.post(base, {"redact": redact})["Location"] == f"{base}check/"
    check = client.get(f"{base}check/")
    assert check.status_code == 200
    return check, client.post(f"{base}download/")


@pytest.mark.parametrize("role", EXPORTERS, ids=lambda r: r.value)
def test_X1_the_export_holds_every_kind_of_record_with_the_chosen_items_redacted(
    world, full_record, role
):
    pupil = full_record
    user = world.users[role]
    client = signed_in_client(user)
    page = client.get(f"/pupils/{pupil.pk}/subject-access/").content.decode()
    # Every name and safeguarding entry is listed; safeguarding is ticked, names are not.
    for name in (
        KEPT_CARER,
        REDACTED_CARER,
        SOCIAL_WORKER,
        "Vic Visitor",
        "Rory Reporter",
        "Pat Sender",
        str(world.users[Role.AP_LEAD]),
    ):
        assert name in page
    assert f'value="{_key(pupil, "8 September 2026: " + SECRET)}" aria-describedby' in page
    assert page.count(" checked>") == 2  # the safeguarding entry and the safeguarding details
    redact = [
        _key(pupil, REDACTED_CARER),
        _key(pupil, "8 September 2026: " + SECRET),
        _key(pupil, "The pupil's safeguarding details"),
    ]
    check, response = _export(client, pupil, redact)
    assert REDACTED_CARER in check.content.decode()  # listed as redacted on the check page
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = _files(response)

    expected = {f"{k.key}.csv" for k in KINDS} | {
        "summary.pdf",
        "history_of_changes.csv",
        "documents.csv",
    }
    assert expected <= set(files)
    document = [n for n in files if n.startswith("documents/")]
    assert len(document) == 1 and document[0].endswith("-final.pdf")
    for key in MUST_HOLD_ROWS:
        assert len(_rows(files[f"{key}.csv"])) >= 2, key  # a header and the pupil's rows
    carers = _rows(files["carers.csv"])
    assert len(carers) == 3 and REDACTED in {
        row[carers[0].index("Full name")] for row in carers[1:]
    }
    # The service's count of saves is bookkeeping, not the pupil's information.
    for name in expected - {"summary.pdf"}:
        assert "Version" not in _rows(files[name])[0], name

    texts = {name: _text(name, content) for name, content in files.items()}
    for name, text in texts.items():
        for secret in ("Redactme", "zqxsecret", "zqxdetail", SOCIAL_WORKER):
            assert secret not in text, f"{secret} in {name}"
    assert KEPT_CARER in texts["summary.pdf"] and KEPT_NOTE in texts["summary.pdf"]
    assert "Vic Visitor" in texts["visits.csv"]
    assert f"{REDACTED}\nAP Lead" in texts["agreement_reviews.csv"]
    assert REDACTED_ENTRY in texts["pupil.csv"]
    # A cell that a spreadsheet would run as a formula is written as text.
    assert "'" + FORMULA in "".join(cell for row in _rows(files["chronology.csv"]) for cell in row)

    # Logged: an access-log row for the pupil naming the export, and a record with counts only.
    event = AccessEvent.objects.filter(what="subject access export", user=user).get()
    assert list(event.pupils.all()) == [pupil]
    made = SubjectAccessExport.objects.get()
    assert (made.pupil, made.made_by, made.school) == (pupil, user, world.school_a1)
    assert (made.names_redacted, made.entries_redacted, made.documents_left_out) == (1, 2, 0)
    assert made.names_listed >= 7 and made.entries_listed == 2 and made.documents_listed == 1


def test_X1_by_default_safeguarding_is_left_out_and_names_kept(world, full_record):
    pupil = full_record
    # A carer removed from the record is still in its history, so listed and exported.
    gone = make_carer(pupil, name="Gerry Gonecarer", relationship="Uncle")
    carer_remove(carer=gone, by=world.users[Role.DSL])
    client = signed_in_client(world.users[Role.DSL])
    assert "Gerry Gonecarer" in client.get(f"/pupils/{pupil.pk}/subject-access/").content.decode()
    client.get(f"/pupils/{pupil.pk}/subject-access/")
    # The check page without a choice sends the person to choose first.
    check = client.get(f"/pupils/{pupil.pk}/subject-access/check/")
    assert check["Location"] == f"/pupils/{pupil.pk}/subject-access/"
    page = client.get(f"/pupils/{pupil.pk}/subject-access/").content.decode()
    ticked = [
        part.split('"')[0]
        for part in page.split('name="redact" type="checkbox" value="')[1:]
        if part.split(">")[0].endswith(" checked")
    ]
    _, response = _export(client, pupil, ticked)
    texts = {n: _text(n, c) for n, c in _files(response).items()}
    everything = "\n".join(texts.values())
    assert "zqxsecret" not in everything and SOCIAL_WORKER not in everything
    assert REDACTED_CARER in everything and KEPT_CARER in everything
    assert "Gerry Gonecarer" in texts["history_of_changes.csv"]
    assert "Gerry Gonecarer" not in texts["carers.csv"]


def test_X1_a_left_out_document_and_an_early_ending_are_absent(world, full_record):
    pupil = full_record
    placement = pupil.referrals.get().placements.get()
    reason = "Concerns zqxending about an adult at the provider"
    monitoring.early_end(
        placement=placement,
        ended_on=dt.date(2026, 11, 16),
        reason=reason,
        dsl_informed_on=dt.date(2026, 11, 16),
        by=world.users[Role.DSL],
    )
    record = record_of(pupil)
    early = next(i for i in items_of(record) if i.key.startswith("early-ending-"))
    document = next(i for i in items_of(record) if i.key.startswith("document-"))
    assert early.redact_by_default and not document.redact_by_default
    # Only the early ending is redacted: its chronology entry (kept) loses the copied reason.
    redaction = Redaction(record, {early.key, document.key})
    assert not redaction.rows("early_endings") and not redaction.documents()
    chronology = "\n".join(str(r.values) for r in redaction.rows("chronology"))
    assert "zqxending" not in chronology and REDACTED_ENTRY in chronology
    _, response = _export(
        signed_in_client(world.users[Role.HEADTEACHER]), pupil, [early.key, document.key]
    )
    files = _files(response)
    assert not [n for n in files if n.startswith("documents/")]
    assert all("zqxending" not in _text(n, c) for n, c in files.items())


def test_X1_only_the_dsl_and_headteacher_of_the_school_reach_any_step(world, full_record):
    pupil = full_record
    steps = [
        ("get", f"/pupils/{pupil.pk}/subject-access/"),
        ("post", f"/pupils/{pupil.pk}/subject-access/"),
        ("get", f"/pupils/{pupil.pk}/subject-access/check/"),
        ("post", f"/pupils/{pupil.pk}/subject-access/download/"),
    ]
    a2_head = make_user("a2-head@example.org")
    give_role(a2_head, Role.HEADTEACHER, school=world.school_a2)
    others = [u for r, u in world.users.items() if r not in EXPORTERS]
    for user in [*others, world.outsider, world.no_roles, a2_head]:
        client = signed_in_client(user)
        for method, url in steps:
            response = getattr(client, method)(url, {"redact": []})
            assert response.status_code == 404, (user, method, url)
    assert not SubjectAccessExport.objects.exists()
    assert not AccessEvent.objects.filter(what__startswith="subject access").exists()
    # The pupil's page links to the journey for the DSL and Headteacher only.
    link = f'href="/pupils/{pupil.pk}/subject-access/"'
    for role in (Role.DSL, Role.HEADTEACHER, Role.AP_LEAD, Role.TRUST_SAFEGUARDING_LEAD):
        page = signed_in_client(world.users[role]).get(f"/pupils/{pupil.pk}/").content.decode()
        assert (link in page) == (role in EXPORTERS), role


def test_X1_the_download_asks_for_a_fresh_code(world, full_record, frozen):
    pupil = full_record
    client = signed_in_client(world.users[Role.DSL])
    client.post(f"/pupils/{pupil.pk}/subject-access/", {"redact": []})
    frozen.shift(dt.timedelta(minutes=16))
    response = client.post(f"/pupils/{pupil.pk}/subject-access/download/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert "check" in response["Location"]
    assert not SubjectAccessExport.objects.exists()
    assert not AccessEvent.objects.filter(what="subject access export").exists()
    # A GET of the download is not allowed: the export is made by the form on the check page.
    assert client.get(f"/pupils/{pupil.pk}/subject-access/download/").status_code == 405


def test_X1_a_choice_that_no_longer_matches_the_record_is_refused(world, full_record):
    client = signed_in_client(world.users[Role.DSL])
    response = client.post(
        f"/pupils/{full_record.pk}/subject-access/", {"redact": ["chronology-999999"]}
    )
    assert response.status_code == 200
    assert "The record has changed since this list was made" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_X1_csv_cells_that_start_like_a_formula_are_written_as_text():
    assert [safe_cell(v) for v in ("=1+2", "+44", "-1", "@SUM", "\tx", "Alex", "")] == [
        "'=1+2",
        "'+44",
        "'-1",
        "'@SUM",
        "'\tx",
        "Alex",
        "",
    ]


def test_X1_reading_the_record_costs_the_same_queries_whatever_the_number_of_rows(
    world, full_record
):
    """A few queries per kind of record (its rows, its history, the users they name), never one
    per row: a pupil with years of attendance marks is read as quickly as a new one."""
    with CaptureQueriesContext(connection) as few:
        record_of(full_record)
    placement = full_record.referrals.get().placements.get()
    ap = world.users[Role.AP_LEAD]
    days = [dt.date(2026, 10, 5) + dt.timedelta(days=n) for n in range(40)]
    AttendanceMark.objects.bulk_create(
        AttendanceMark(placement=placement, date=d, session=s, code="/", entered_by=ap)
        for d in days
        for s in ("AM", "PM")
        if d.weekday() < 5 and d != dt.date(2026, 11, 9)
    )
    for n in range(10):
        make_carer(full_record, name=f"Carer Number{n}")
    with CaptureQueriesContext(connection) as many:
        record = record_of(full_record)
    assert len(record.rows["attendance_marks"]) > 40 and len(record.rows["carers"]) == 12
    assert len(many) == len(few)


def test_X1_the_redaction_step_lists_each_name_once_with_where_it_was_found(full_record):
    """Names first (sorted, none redacted by default), each with every place it was found: a
    carer by their relationship, staff, the "who" fields by their record's kind; then the
    safeguarding entries (redacted by default) and the documents."""
    items = [
        (i.group, i.label, i.hint, i.redact_by_default) for i in items_of(record_of(full_record))
    ]
    names = [(label, hint) for group, label, hint, redact in items if group == "names"]
    assert names == [
        ("AP Lead", "Named in: agreement reviews"),  # a line of who attended, as typed
        ("AP Lead Person", "Member of staff"),
        ("AP Lead, parent, provider's manager", "Named in: reintegration meetings"),
        (KEPT_CARER, "Parent or carer (mother)"),
        ("Family", "Named in: meetings with parents"),
        ("Headteacher Person", "Member of staff"),
        ("Pat Sender", "Named in: termly reports"),
        (REDACTED_CARER, "Parent or carer (aunt); Named in: agreement reviews"),
        ("Rory Reporter", "Named in: serious incidents"),
        ("Sam Provider, manager", "Named in: reintegration meetings"),
        (SOCIAL_WORKER, "Named in: pupil"),
        ("Vic Visitor", "Named in: visits"),
    ]
    assert not any(redact for group, _, _, redact in items if group == "names")
    assert [(group, hint, redact) for group, _, hint, redact in items if group != "names"] == [
        ("entries", "Chronology entry marked as containing safeguarding information", True),
        (
            "entries",
            "Looked after, social worker and Virtual School headteacher, and their history",
            True,
        ),
        ("documents", "Uploaded on 2026-11-16", False),
    ]
