"""Issue 14, 2.7 and 2.8: the audit says what it waits for, claims no save when nothing was
entered, and names the audit's own trust where the policy named its trust."""

import html
import re
from pathlib import Path

import pytest

from altprov.authz.permissions import Role
from altprov.provider_audits import services
from altprov.provider_audits.models import ProviderAudit
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POLICY = Path("/work/shared/policy/alternative-provision-policy.txt")


def heading(client, audit) -> str:
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    found = re.search(r'<h2 class="govuk-heading-s govuk-!-margin-bottom-2">([^<]*)</h2>', page)
    return html.unescape(found[1])


def test_R5_4_the_audit_says_what_it_waits_for(world):
    ap, dsl = world.users[Role.AP_LEAD], world.users[Role.DSL]
    provider = make_provider(world.trust_a, "Waiting Centre")
    client = signed_in_client(ap)
    started, _ = services.audit_start(provider=provider, school=world.school_a1, by=ap)
    assert heading(client, started) == "Audit incomplete"
    audit = complete_audit(provider, world.school_a1, by=ap)
    assert audit.dsl_confirmed_at is None
    assert heading(client, audit) == "Waiting for the DSL to confirm the safeguarding section"
    services.safeguarding_confirm(audit=audit, by=dsl)
    assert heading(client, audit) == "Waiting for the Headteacher's sign-off"


def test_R5_3_saving_a_section_with_nothing_in_it_claims_no_save(world):
    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, "Empty Centre")
    audit, _ = services.audit_start(provider=provider, school=world.school_a1, by=ap)
    client = signed_in_client(ap)
    before = ProviderAudit.history.filter(id=audit.pk).count()
    response = client.post(f"/audits/{audit.pk}/safeguarding/", {}, follow=True)
    page = html.unescape(response.content.decode())
    assert "has been saved" not in page
    assert "govuk-notification-banner--success" not in page
    assert re.search(r"Nothing was saved: '[^']*Safeguarding' had no new answers\.", page)
    assert audit.answers.count() == 0
    assert ProviderAudit.history.filter(id=audit.pk).count() == before
    # Something entered is saved, with the success banner.
    response = client.post(
        f"/audits/{audit.pk}/safeguarding/",
        {"safeguarding__observations__findings": "Seen on the visit"},
        follow=True,
    )
    assert "has been saved" in response.content.decode()
    assert audit.answers.filter(findings="Seen on the visit").exists()


def test_the_outcome_question_and_the_audit_name_the_audits_own_trust(world):
    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, "Named Centre", registration_status="unregistered")
    audit = complete_audit(provider, world.school_a1, by=ap)
    client = signed_in_client(ap)
    outcome = client.get(f"/audits/{audit.pk}/outcome/").content.decode()
    assert "involvement from the Trust A School Improvement Team" in outcome
    assert "DDAT" not in outcome
    document = signed_in_client(world.users[Role.TRUST_EXECUTIVE]).get(f"/audits/{audit.pk}/")
    assert "Trust A staff involved in the visit" in document.content.decode()
    assert "DDAT" not in document.content.decode()


def _policy_names() -> set[str]:
    """The names the policy gives its own trust or schools: every word in capitals it puts
    before "school(s)", "staff", "pupil" or "... Policy" (today only "DDAT")."""
    text = POLICY.read_text()
    found = re.findall(r"\b([A-Z][A-Za-z]+) (?:[Ss]chools?|[Ss]taff|pupil|[A-Z]\w+ Policy)", text)
    return {name for name in found if name.isupper()}


def test_no_wording_copied_from_the_policy_names_its_trust_or_anyone_in_it():
    names = _policy_names()
    assert "DDAT" in names  # the check reads the policy, so it cannot pass by finding nothing
    offenders = []
    for path in (ROOT / "altprov").rglob("*"):
        if path.suffix not in {".py", ".html", ".txt", ".md"} or "migrations" in path.parts:
            continue
        text = path.read_text(errors="replace")
        for name in names:
            if re.search(rf"\b{name}\b", text):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, "\n".join(offenders)
