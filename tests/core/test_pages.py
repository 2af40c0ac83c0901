"""The frame every page shares: navigation by role, the school switcher, what needs attention,
security headers, error pages (R-10.1, X-5)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from altprov.accounts.services import recovery_codes_generate
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.factories import give_role, make_calendar, make_school, make_user

pytestmark = pytest.mark.django_db


def nav_texts(response) -> list[str]:
    import re

    return re.findall(
        r'class="govuk-service-navigation__link" href="[^"]+"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    "role, shown, hidden",
    [
        (
            Role.HEADTEACHER,
            ["Home", "Pupils", "Trust settings", "Access log"],
            ["Schools", "Staff", "API tokens"],
        ),
        (Role.ATTENDANCE_LEAD, ["Home", "Pupils", "Trust settings"], ["Access log", "Staff"]),
        (Role.STAFF_MEMBER, ["Home"], ["Pupils", "Trust settings", "Staff"]),
        (Role.TRUSTEE, ["Home"], ["Pupils", "Staff", "Schools"]),
        (
            Role.TRUST_ADMINISTRATOR,
            ["Home", "Schools", "Staff", "API tokens", "Trust settings", "Access log"],
            ["Pupils"],
        ),
    ],
)
def test_R10_1_navigation_shows_what_the_roles_allow(world, role, shown, hidden):
    texts = [t.strip() for t in nav_texts(signed_in_client(world.users[role]).get("/"))]
    for text in shown:
        assert text in texts
    for text in hidden:
        assert text not in texts


def test_R10_1_someone_in_two_schools_switches_between_them(world):
    user = make_user("two@example.org")
    give_role(user, Role.AP_LEAD, school=world.school_a1)
    give_role(user, Role.AP_LEAD, school=world.school_a2)
    client = signed_in_client(user)
    home = client.get("/").content.decode()
    assert 'id="school-switcher"' in home and "School A2" in home
    response = client.post("/switch-school/", {"school": world.school_a2.pk, "next": "/pupils/"})
    assert response["Location"] == "/pupils/"
    page = client.get("/pupils/").content.decode()
    assert world.CANARY_A2 in page  # A2's pupils now
    assert "Alex" not in page


def test_X5_switching_to_a_school_outside_your_roles_is_not_found(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.post("/switch-school/", {"school": world.school_b1.pk}).status_code == 404
    assert client.post("/switch-school/", {"school": world.school_a2.pk}).status_code == 404
    assert client.post("/switch-school/", {"school": "x"}).status_code == 404


def test_switching_school_never_redirects_off_the_service(world):
    client = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    response = client.post(
        "/switch-school/", {"school": world.school_a2.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_trust_administrator_is_told_when_a_school_has_no_term_dates(world):
    make_school(world.trust_a, "School Without Dates")
    page = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).get("/").content.decode()
    assert "School Without Dates has no term dates" in page
    assert "School A1 has no term dates" not in page


def test_X2_a_trust_administrator_is_told_when_term_dates_are_running_out(world):
    with time_machine.travel(dt.date(2027, 6, 1)):
        page = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).get("/").content.decode()
    assert "School A1&#x27;s term dates end on 21 July 2027" in page
    make_calendar(world.school_a1, 2027)
    with time_machine.travel(dt.date(2027, 6, 1)):
        page = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).get("/").content.decode()
    assert "School A1&#x27;s term dates end" not in page
    assert "School A2&#x27;s term dates end" in page


def test_school_staff_are_not_shown_trust_administration_duties(world):
    make_school(world.trust_a, "School Without Dates")
    recovery_codes_generate(user=world.users[Role.HEADTEACHER])
    page = signed_in_client(world.users[Role.HEADTEACHER]).get("/").content.decode()
    assert "has no term dates" not in page
    assert "Nothing needs your attention" in page


def test_X5_someone_running_out_of_recovery_codes_is_told(world):
    page = signed_in_client(world.users[Role.HEADTEACHER]).get("/").content.decode()
    assert "You have 0 recovery codes left" in page
    recovery_codes_generate(user=world.users[Role.HEADTEACHER])
    page = signed_in_client(world.users[Role.HEADTEACHER]).get("/").content.decode()
    assert "recovery codes left" not in page


def test_X5_pages_carry_the_security_headers_and_a_script_nonce(world):
    response = signed_in_client(world.users[Role.HEADTEACHER]).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin"  # tests/core/test_logging.py
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_not_found_uses_the_service_page(world):
    response = signed_in_client(world.users[Role.HEADTEACHER]).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_accessibility_statement_is_public():
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    assert "Accessibility statement for AltProv" in response.content.decode()


def test_the_error_pages_render():
    from django.test import RequestFactory

    from altprov.core import views

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}
    assert views.server_error(request).status_code == 500
    assert b"Sorry, there is a problem with the service" in views.server_error(request).content
    assert views.permission_denied(request).status_code == 403
    assert views.bad_request(request).status_code == 400
