"""R-10.9: who sees each report, what it shows, and that trustees and local academy committees
never see a pupil: not on the page, not in a download, not in the termly PDF."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from altprov.attendance import summary as attendance_summary
from altprov.attendance.models import AttendanceMark
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from tests.factories import World, make_provider

from .helpers import placement

SCHOOL_READERS = {
    Role.HEADTEACHER,
    Role.AP_LEAD,
    Role.TRUST_EXECUTIVE,
    Role.SCHOOL_IMPROVEMENT,
    Role.TRUST_SAFEGUARDING_LEAD,
}
TRUST_READERS = {Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT, Role.TRUST_SAFEGUARDING_LEAD}
GOVERNANCE_READERS = SCHOOL_READERS | {Role.TRUSTEE, Role.LAC_MEMBER}
NAMES = ("Zebedeeqx", "Quentinqx")


@pytest.fixture
def scene(world):
    unregistered = make_provider(world.trust_a, "Farm Project", registration_status="unregistered")
    registered = make_provider(world.trust_a, "Registered School Unit")
    world.a1 = [
        placement(world, world.school_a1, unregistered, hours=12, first_name=NAMES[0]),
        placement(world, world.school_a1, registered, route="suspension", first_name=NAMES[1]),
    ]
    world.a2 = [
        placement(world, world.school_a2, registered, first_name=World.CANARY_A2) for _ in range(6)
    ]
    by = world.users[Role.AP_LEAD]
    AttendanceMark.objects.bulk_create(
        AttendanceMark(placement=p, date=dt.date(2026, 11, 2), session=s, code=c, entered_by=by)
        for p, codes in ((world.a1[0], "/N"), (world.a1[1], "/\\"))
        for s, c in zip(("AM", "PM"), codes, strict=True)
    )
    # written directly (not through marks_save): count the daily summary again
    attendance_summary.refresh_all()
    return world


def urls(world, school=None):
    school = school or world.school_a1
    return {
        "school": f"/reports/schools/{school.pk}/",
        "census": f"/reports/schools/{school.pk}/census/",
        "school_csv": f"/reports/schools/{school.pk}/by-provider.csv",
        "trust": "/reports/trust/",
        "trust_xlsx": f"/reports/trust/{world.trust_a.pk}/schools.xlsx",
        "governance": "/reports/governance/",
        "governance_csv": f"/reports/governance/{world.trust_a.pk}/pupils-by-route.csv",
        "pdf": f"/reports/governance/schools/{school.pk}/termly.pdf",
    }


ALLOWED = {
    "school": SCHOOL_READERS,
    "census": SCHOOL_READERS,
    "school_csv": SCHOOL_READERS,
    "trust": TRUST_READERS,
    "trust_xlsx": TRUST_READERS,
    "governance": GOVERNANCE_READERS,
    "governance_csv": GOVERNANCE_READERS,
    "pdf": GOVERNANCE_READERS,
}


@pytest.mark.parametrize("role", list(Role))
def test_R10_9_each_report_opens_for_its_roles_only(scene, client_for, role):
    client = client_for(scene.users[role])
    for name, url in urls(scene).items():
        expected = 200 if role in ALLOWED[name] else 404
        assert client.get(url).status_code == expected, (name, role)


def test_R10_9_outsiders_and_other_schools_get_not_found(scene, client_for):
    outsider = client_for(scene.outsider)  # Headteacher of school B1, trust B's administrator
    for name, url in urls(scene).items():
        if name == "governance":
            # their own school's aggregates, nothing of trust A
            text = outsider.get(url).content.decode()
            assert "School A1" not in text and World.CANARY_SCHOOL_B1 in text
        else:
            assert outsider.get(url).status_code == 404
    assert client_for(scene.no_roles).get("/reports/governance/").status_code == 404
    head = client_for(scene.users[Role.HEADTEACHER])
    lac = client_for(scene.users[Role.LAC_MEMBER])
    executive = client_for(scene.users[Role.TRUST_EXECUTIVE])
    other = urls(scene, scene.school_a2)
    for name in ("school", "census", "school_csv"):
        assert head.get(other[name]).status_code == 404
        assert executive.get(other[name]).status_code == 200
    assert lac.get(other["pdf"]).status_code == 404
    assert client_for(scene.users[Role.TRUSTEE]).get(other["pdf"]).status_code == 200
    assert head.get(f"/reports/schools/{scene.school_a1.pk}/nothing.csv").status_code == 404


def pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def xlsx_text(response) -> str:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)


@pytest.mark.parametrize("role", [Role.TRUSTEE, Role.LAC_MEMBER])
def test_R10_9_governance_never_shows_a_pupil(scene, client_for, role):
    client = client_for(scene.users[role])
    before = AccessEvent.objects.count()
    texts = [client.get("/reports/governance/").content.decode()]
    for key in (
        "pupils-by-route",
        "pupils-by-registration",
        "pupils-by-provider-type",
        "compliance",
        "attendance",
        "outcomes",
        "budget",
    ):
        texts.append(
            client.get(f"/reports/governance/{scene.trust_a.pk}/{key}.csv").content.decode()
        )
        texts.append(xlsx_text(client.get(f"/reports/governance/{scene.trust_a.pk}/{key}.xlsx")))
    texts.append(
        pdf_text(client.get(f"/reports/governance/schools/{scene.school_a1.pk}/termly.pdf"))
    )
    pupils = [p.referral.pupil for p in scene.a1 + scene.a2]
    for text in texts:
        for pupil in pupils:
            assert pupil.upn not in text
        for name in (*NAMES, World.CANARY_A2, "Counted"):
            assert name not in text
    assert AccessEvent.objects.count() == before


def test_R10_9_trustees_see_every_school_and_the_lac_its_own_suppressed(scene, client_for):
    trustee = client_for(scene.users[Role.TRUSTEE]).get("/reports/governance/").content.decode()
    assert "School A1" in trustee and "School A2" in trustee
    # School A1 has 2 pupils (suppressed). A2's 6 beside the total of 8 would give A1's 2 away,
    # so it is withheld (secondary suppression) and the total is shown.
    assert "fewer than 5" in trustee and "withheld" in trustee
    assert ">8<" in trustee and ">6<" not in trustee
    lac = client_for(scene.users[Role.LAC_MEMBER]).get("/reports/governance/").content.decode()
    assert "School A1" in lac and "School A2" not in lac
    csv_text = (
        client_for(scene.users[Role.LAC_MEMBER])
        .get(f"/reports/governance/{scene.trust_a.pk}/pupils-by-route.csv")
        .content.decode()
    )
    assert csv_text.splitlines()[1].split(",")[0] == "School A1"
    assert "fewer than 5" in csv_text and ",2" not in csv_text


def test_R10_9_the_pdf_is_the_schools_term(scene, client_for):
    client = client_for(scene.users[Role.TRUSTEE])
    term = scene.school_a1.academic_years.get().terms.get(name="autumn")
    response = client.get(
        f"/reports/governance/schools/{scene.school_a1.pk}/termly.pdf?term={term.pk}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "School A1" in text and "Autumn term" in text and "fewer than 5" in text
    other = scene.school_a2.academic_years.get().terms.first()
    bad = client.get(f"/reports/governance/schools/{scene.school_a1.pk}/termly.pdf?term={other.pk}")
    assert bad.status_code == 404


def test_R10_9_the_school_report_names_pupils_and_logs_them(scene, client_for):
    client = client_for(scene.users[Role.HEADTEACHER])
    page = client.get(f"/reports/schools/{scene.school_a1.pk}/").content.decode()
    # both providers have no audit: every live placement fails a condition, named
    assert "Placements not meeting a condition" in page
    assert f"{NAMES[0]} Counted" in page and "No audit" in page
    assert "Farm Project" in page and "Registered School Unit" in page
    assert World.CANARY_A2 not in page
    event = AccessEvent.objects.latest("pk")
    assert {p.referral.pupil_id for p in scene.a1} <= set(event.pupils.values_list("pk", flat=True))
    # attendance: 3 of 4 sessions attended
    assert "75.0%" in page
    csv_text = client.get(f"/reports/schools/{scene.school_a1.pk}/conditions.csv").content.decode()
    assert f"{NAMES[0]} Counted" in csv_text
    assert AccessEvent.objects.latest("pk").what == "AP report: school, download"


def test_R10_9_the_trust_report_is_side_by_side_without_pupils(scene, client_for):
    client = client_for(scene.users[Role.TRUST_EXECUTIVE])
    page = client.get("/reports/trust/").content.decode()
    assert "School A1" in page and "School A2" in page
    assert "Placements at unregistered providers" in page and "Farm Project" in page
    for name in (*NAMES, World.CANARY_A2):
        assert name not in page
    assert "<svg" in page and "Placements by status" in page
    rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/reports/trust/{scene.trust_a.pk}/schools.xlsx").content)
        ).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "School"
    a1 = next(r for r in rows if r[0] == "School A1")
    a2 = next(r for r in rows if r[0] == "School A2")
    # routes: school-directed, suspension, LA; then the total
    assert a1[1:5] == (1, 1, 0, 2) and a2[1:5] == (6, 0, 0, 6)
    unregistered = (
        client.get(f"/reports/trust/{scene.trust_a.pk}/unregistered.csv")
        .content.decode()
        .splitlines()
    )
    assert unregistered[1].startswith("School A1,Farm Project,Attending,2026-09-07,12")
