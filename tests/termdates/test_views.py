"""X-2: trust administrators keep each school's term dates in the service."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.termdates.models import AcademicYear, ClosureDay, Term
from tests.conftest import signed_in_client
from tests.factories import make_school

pytestmark = pytest.mark.django_db


def date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_X2_a_trust_administrator_builds_a_new_schools_calendar(world):
    school = make_school(world.trust_a, "Fresh School")
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    base = f"/trust/schools/{school.pk}/term-dates/"
    data = {**date("start", dt.date(2026, 9, 1)), **date("end", dt.date(2027, 8, 31))}
    assert client.post(base + "years/add/", data)["Location"] == base
    year = AcademicYear.objects.get(school=school)
    term = {
        "name": "autumn",
        **date("start", dt.date(2026, 9, 2)),
        **date("half_term_break_start", dt.date(2026, 10, 26)),
        **date("half_term_break_end", dt.date(2026, 10, 30)),
        **date("end", dt.date(2026, 12, 18)),
    }
    assert client.post(base + f"years/{year.pk}/terms/add/", term)["Location"] == base
    closure = {**date("date", dt.date(2026, 10, 23)), "kind": "inset", "description": "Training"}
    assert client.post(base + "closures/add/", closure)["Location"] == base
    page = client.get(base).content.decode()
    # 2 Sep to 18 Dec 2026 less the half-term week and one INSET day.
    assert "72 school days" in page
    assert "Fri 23 October 2026" in page


def test_X3_a_term_with_its_break_before_it_starts_is_refused_naming_the_field(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    school = world.school_a1
    year = school.academic_years.first()
    Term.objects.filter(academic_year=year, name="summer").delete()
    term = {
        "name": "summer",
        **date("start", dt.date(2027, 4, 12)),
        **date("half_term_break_start", dt.date(2027, 4, 1)),
        **date("half_term_break_end", dt.date(2027, 6, 4)),
        **date("end", dt.date(2027, 7, 21)),
    }
    response = client.post(
        f"/trust/schools/{school.pk}/term-dates/years/{year.pk}/terms/add/", term
    )
    content = response.content.decode()
    assert "The half-term break must start after the first day of term" in content
    assert 'href="#id_half_term_break_start_0"' in content
    assert not Term.objects.filter(academic_year=year, name="summer").exists()


def test_X3_a_date_with_a_missing_part_is_refused(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    response = client.post(
        f"/trust/schools/{world.school_a1.pk}/term-dates/closures/add/",
        {"date_0": "3", "date_1": "", "date_2": "2027", "kind": "inset"},
    )
    assert "The date of the closure must include a month" in response.content.decode()
    assert not world.school_a1.closure_days.exists()


def test_X3_the_same_term_twice_is_refused(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    year = world.school_a1.academic_years.first()
    term = {
        "name": "autumn",
        **date("start", dt.date(2026, 9, 1)),
        **date("half_term_break_start", dt.date(2026, 10, 26)),
        **date("half_term_break_end", dt.date(2026, 10, 30)),
        **date("end", dt.date(2026, 12, 18)),
    }
    response = client.post(
        f"/trust/schools/{world.school_a1.pk}/term-dates/years/{year.pk}/terms/add/", term
    )
    content = response.content.decode()
    assert "This academic year already has this term" in content
    assert "These dates overlap another term" in content
    assert year.terms.filter(name="autumn").count() == 1


def test_X2_a_term_is_changed_and_a_closure_removed(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    school = world.school_a1
    term = Term.objects.get(academic_year__school=school, name="autumn")
    data = {
        "name": "autumn",
        **date("start", dt.date(2026, 9, 3)),
        **date("half_term_break_start", dt.date(2026, 10, 26)),
        **date("half_term_break_end", dt.date(2026, 10, 30)),
        **date("end", dt.date(2026, 12, 18)),
    }
    assert (
        client.post(
            f"/trust/schools/{school.pk}/term-dates/terms/{term.pk}/edit/", data
        ).status_code
        == 302
    )
    term.refresh_from_db()
    assert term.start == dt.date(2026, 9, 3)
    closure = ClosureDay.objects.create(school=school, date=dt.date(2026, 11, 6), kind="closure")
    url = f"/trust/schools/{school.pk}/term-dates/closures/{closure.pk}/remove/"
    assert "Remove Other planned closure on 6 November 2026?" in client.get(url).content.decode()
    assert ClosureDay.objects.filter(pk=closure.pk).exists()
    assert client.post(url).status_code == 302
    assert not ClosureDay.objects.filter(pk=closure.pk).exists()


def test_X3_a_second_closure_on_the_same_day_is_refused(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    url = f"/trust/schools/{world.school_a1.pk}/term-dates/closures/add/"
    data = {**date("date", dt.date(2026, 11, 6)), "kind": "inset"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "This school already has a closure on this date" in response.content.decode()
    assert ClosureDay.objects.filter(school=world.school_a1, date=dt.date(2026, 11, 6)).count() == 1
