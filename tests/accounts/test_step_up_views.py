"""X-5 and issue 11 item 2: the guarded views. `STEP_UP_VIEWS` (altprov/core/step_up.py) is the
one list; these tests read it. Every listed view carries `@step_up_required` and nothing else
does; each one asks for a code after 15 minutes, for the method and objects the authorization
policy uses (tests/authorization/policy.py), and answers as the policy says once the code is
entered; and a walk of every page finds every download, each either guarded or shown here to
carry no pupil's data."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.core.step_up import STEP_UP_VIEWS
from altprov.pupils.models import Pupil
from altprov.reports.sections import VIEWS
from tests.authorization import test_matrix as matrix
from tests.authorization.policy import OWN, POLICY, TOKEN_TESTED
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

scene = matrix.scene  # the authorization matrix's world, as a fixture

STALE = dt.timedelta(minutes=15, seconds=1)

# Downloads that carry no pupil's data, and why; the walk below checks each one.
DOWNLOADS_WITHOUT_PUPIL_DATA = {
    "reports:trust_table": "the trust's schools side by side: counts, never a pupil",
    "reports:governance_table": "aggregates for trustees, small numbers suppressed",
    "reports:lac_pdf": "the local academy committee's termly aggregates, suppressed",
    "provider_audits:pdf": "a provider's audit (Appendix 1): the provider, not pupils",
}

# Who opens each page in the walk: the first of these the policy allows (roles that see most).
ROLE_ORDER = [
    Role.HEADTEACHER,
    Role.TRUST_SAFEGUARDING_LEAD,
    Role.AP_LEAD,
    Role.TRUST_EXECUTIVE,
    Role.SCHOOL_IMPROVEMENT,
    *Role,
]


def _callbacks(resolver=None, namespace=""):
    """(URL name, view) for every named URL."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _callbacks(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _role_for(rule) -> Role:
    """A view nobody reaches with the policy's objects (another person's passkey) is tried as
    the Headteacher: a code first, then "not found"."""
    return next((role for role in ROLE_ORDER if role in rule.allowed), Role.HEADTEACHER)


def _code(user) -> str:
    return f"{totp(TOTPDevice.objects.get(user=user, confirmed=True).bin_key):06d}"


def test_X5_the_views_that_ask_for_a_code_are_exactly_the_declared_list():
    decorated = {name for name, view in _callbacks() if getattr(view, "step_up_required", False)}
    assert sorted(decorated - set(STEP_UP_VIEWS)) == [], "decorated but not in STEP_UP_VIEWS"
    assert sorted(set(STEP_UP_VIEWS) - decorated) == [], "in STEP_UP_VIEWS but not decorated"
    # People, not other systems: the API's callers are tokens (docs/security.md).
    assert not [name for name in STEP_UP_VIEWS if name in TOKEN_TESTED]


@pytest.mark.parametrize("name", sorted(STEP_UP_VIEWS))
def test_X5_each_guarded_view_asks_for_a_code_after_15_minutes(scene, name):
    rule = POLICY[name]
    user = scene.users[_role_for(rule)]
    kwargs = rule.kwargs(scene, OWN) if rule.kwargs else {}
    url = reverse(name, kwargs=kwargs)

    def call(client):
        if rule.method == "POST":
            return client.post(url, rule.data(scene, OWN) if rule.data else {})
        return client.get(url)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        before = AccessEvent.objects.count()
        response = call(client)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/code/?next=")
        if rule.method == "GET":
            assert response["Location"] == f"/account/code/?next={quote(url, safe='')}"
        assert AccessEvent.objects.count() == before  # nothing shown, nothing logged
        back = client.post(response["Location"], {"code": _code(user)})
        assert back.status_code == 302 and not back["Location"].startswith("/account/code/")
        response = call(client)
        assert response.status_code == (rule.expected_ok() if rule.allowed else 404)
        if response.status_code == 302:
            assert not response["Location"].startswith("/account/code/")


# Every download ---------------------------------------------------------------------------------


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode(errors="replace")  # a PDF's text is compressed: the log tells


def _is_download(response) -> bool:
    return response.status_code == 200 and (
        response.has_header("Content-Disposition")
        or not response.get("Content-Type", "").startswith("text/html")
    )


def _pupil_data(response, user, after: int, pupils) -> list[str]:
    """What in the response is a pupil's: pupils it logged as shown, names and UPNs it prints."""
    found = [
        f"logs pupil {pk}"
        for pk in AccessEvent.objects.filter(pk__gt=after, user=user, pupils__isnull=False)
        .values_list("pupils", flat=True)
        .distinct()
    ]
    text = _text(response)
    for pupil in pupils:
        found += [f"prints {value!r}" for value in (pupil.first_name, pupil.upn) if value in text]
    return found


def _last_event() -> int:
    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _urls(name: str, rule, world) -> list[str]:
    """The page's address in the policy; for a report's table download, every table of it."""
    kwargs = rule.kwargs(world, OWN) if rule.kwargs else {}
    view = name.removeprefix("reports:").removesuffix("_table")
    if name.startswith("reports:") and name.endswith("_table"):
        return [reverse(name, kwargs={**kwargs, "key": s.key}) for s in VIEWS[view]]
    return [reverse(name, kwargs=kwargs)]


def test_X5_every_download_of_pupil_data_asks_for_a_code(scene):
    pupils = list(Pupil.objects.all())
    clients, downloads, with_pupils = {}, set(), {}
    for name in sorted(matrix.url_names()):
        rule = POLICY[name]
        if rule.method != "GET" or not rule.allowed:
            continue
        role = _role_for(rule)
        client = clients.setdefault(role, signed_in_client(scene.users[role]))
        for url in _urls(name, rule, scene):
            after = _last_event()
            response = client.get(url)
            if _is_download(response):
                downloads.add(name)
                found = _pupil_data(response, scene.users[role], after, pupils)
                if found:
                    with_pupils.setdefault(name, []).extend(f"{url} {f}" for f in found)
    unguarded = {name: found for name, found in with_pupils.items() if name not in STEP_UP_VIEWS}
    assert not unguarded, f"downloads of pupil data without @step_up_required: {unguarded}"
    # Every download is either guarded or declared above (and the declaration is checked).
    assert sorted(downloads - set(STEP_UP_VIEWS) - set(DOWNLOADS_WITHOUT_PUPIL_DATA)) == []
    assert sorted(set(DOWNLOADS_WITHOUT_PUPIL_DATA) - downloads) == []
    # The walk reached the exports and saw the pupils in them.
    assert {"reports:school_table", "reports:census_download", "placements:notice_pdf"} <= set(
        with_pupils
    )
    assert "evidence:download" in downloads
