"""The trust's provider register: providers (about one in three unregistered) with a site and a
contact, an Ofsted outcome under one of the three schemes for the registered ones, a letter of
comfort in date, and an audit signed off as suitable by one of the trust's schools (so every
provider is usable: R-5.4 to R-5.6, R-7.4). Half of the providers have a provider user."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from altprov.core.demo.data import DEMO_PDF
from altprov.evidence.models import EvidenceFile
from altprov.provider_audits.appendix import (
    AUDIT_SECTIONS,
    POLICY_DOCUMENTS,
    UNREGISTERED_QUESTIONS,
    question_key,
)
from altprov.provider_audits.models import AuditAnswer, AuditDocument, AuditPerson, ProviderAudit
from altprov.providers.models import (
    LetterOfComfort,
    OfstedInspection,
    Provider,
    ProviderContact,
    ProviderSite,
)

from .people import person_name, provider_email
from .pupils import local
from .words import PROVIDER_KINDS, STREETS, postcode, town

D = dt.date


@dataclass(frozen=True)
class MadeProvider:
    id: int
    site_id: int
    name: str
    manager: str
    registered: bool
    key_stages: str


def providers_for_trust(gen, trust, count: int) -> list[MadeProvider]:
    """`count` providers for the trust (at least one registered and one unregistered when
    count >= 2), each audited by one of the trust's schools in turn."""
    sink, rng = gen.sink, gen.rng
    letter_file = _letter_file(trust.id)
    made = []
    for n in range(count):
        kind, registration = PROVIDER_KINDS[n % len(PROVIDER_KINDS)]
        place = town(trust.number * 7 + n)
        name = f"{place} {kind}"
        if n >= len(PROVIDER_KINDS):
            name += f" ({STREETS[n % len(STREETS)]} site)"
        registered = registration == "registered"
        key_stages = rng.choice([",KS3,KS4,", ",KS4,", ",KS2,KS3,", ",KS3,KS4,KS5,"])
        address = f"Unit {rng.randint(1, 30)}, {rng.choice(['Canal', 'Forge', 'Orchard'])} Yard"
        code = postcode(rng)
        manager = person_name(rng)
        provider_id = sink.add(
            Provider,
            {
                "trust_id": trust.id,
                "name": name,
                "registration_status": registration,
                "urn": str(gen.provider_urn()) if registered else "",
                "address_line_1": address,
                "town": place,
                "postcode": code,
                "manager_name": manager,
                "website": f"https://{slugify(name)}-{trust.number}.example.org",
                "on_la_list": rng.choice(["yes", "no"]),
                "pupil_places": rng.choice([12, 20, 30, 45]),
                "key_stages": key_stages,
                "adults_over_18": rng.choice(["yes", "no"]),
                "gcse_english_maths": rng.choice(["yes", "no", "n/a"]),
                "gcse_five_or_more": rng.choice(["yes", "no", "n/a"]),
                "exam_centre": "no",
                "created_at": gen.started_at,
            },
            at=gen.started_at,
        )
        site_id = sink.add(
            ProviderSite,
            {
                "provider_id": provider_id,
                "name": "Main site",
                "address_line_1": address,
                "town": place,
                "postcode": code,
            },
            at=gen.started_at,
        )
        sink.add(
            ProviderContact,
            {
                "provider_id": provider_id,
                "name": person_name(rng),
                "role": "Centre manager",
                "email": f"office@{slugify(name)}-{trust.number}.example.org",
                "phone": f"01632 96{rng.randint(1000, 9999)}",
            },
            at=gen.started_at,
        )
        if registered:
            _inspection(gen, provider_id)
        school = trust.schools[n % len(trust.schools)]
        for version, visit in enumerate(audit_visits(gen), start=1):
            _audit(gen, provider_id, registered, school, key_stages, version, visit)
            received = min(visit + dt.timedelta(days=rng.randint(2, 10)), gen.today)
            _letter(gen, trust, provider_id, manager, school.staff, letter_file, received)
        if n % 2 == 0:
            gen.people.user(
                provider_email(n + 1, trust.number), f"Manager, {name}", provider_id=provider_id
            )
        made.append(MadeProvider(provider_id, site_id, name, manager, registered, key_stages))
    return made


def audit_visits(gen) -> list[dt.date]:
    """The days of a provider's audit visits: the first before the window of placements, then
    one about every eleven months, so an audit and a letter of comfort are in date (12 months,
    the trust settings' default) on every day from the first placement to today (R-5.6)."""
    rng = gen.rng
    visits = [min(gen.window_start - dt.timedelta(days=rng.randint(20, 60)), gen.today)]
    while visits[-1] + dt.timedelta(days=320) < gen.today:
        visits.append(min(visits[-1] + dt.timedelta(days=rng.randint(300, 330)), gen.today))
    return visits


def _letter_file(trust_id: int) -> tuple[str, int, str]:
    """One stored PDF per trust, which its providers' letters of comfort point at."""
    stored = default_storage.save(
        f"evidence/{trust_id}/{uuid.uuid4().hex}.pdf", ContentFile(DEMO_PDF)
    )
    return stored, len(DEMO_PDF), hashlib.sha256(DEMO_PDF).hexdigest()


def _letter(gen, trust, provider_id, manager, staff, letter_file, received: dt.date) -> None:
    sink = gen.sink
    stored, size, digest = letter_file
    at = local(received, dt.time(11, 0))
    by = staff["ap_lead"]
    evidence_id = sink.add(
        EvidenceFile,
        {
            "trust_id": trust.id,
            "school_id": None,
            "file": stored,
            "original_name": "letter-of-comfort.pdf",
            "content_type": "application/pdf",
            "extension": ".pdf",
            "size": size,
            "sha256": digest,
            "uploaded_by_id": by,
            "uploaded_at": at,
        },
    )
    sink.add(
        LetterOfComfort,
        {
            "provider_id": provider_id,
            "received_on": received,
            "signatory_name": manager,
            "signatory_role": "Centre manager",
            "document_id": evidence_id,
            "renewal_due": received + relativedelta(months=12),
            "recorded_by_id": by,
            "recorded_at": at,
        },
        by=by,
        at=at,
    )


def _inspection(gen, provider_id: int) -> None:
    rng = gen.rng
    scheme = rng.choice(["legacy", "sub_judgements", "report_card"])
    values = {"provider_id": provider_id, "scheme": scheme, "recorded_by_id": None}
    if scheme == "legacy":
        values |= {
            "inspection_date": D(2023, rng.randint(1, 12), rng.randint(1, 28)),
            "overall_grade": rng.choice([1, 2, 2, 3]),
            "judgements": {"quality_of_education": rng.choice([1, 2, 3])},
            "safeguarding": "effective",
        }
    elif scheme == "sub_judgements":
        areas = [
            "quality_of_education",
            "behaviour_and_attitudes",
            "personal_development",
            "leadership_and_management",
        ]
        values |= {
            "inspection_date": D(2025, rng.randint(1, 9), rng.randint(1, 28)),
            "judgements": {a: rng.choice([1, 2, 2, 3]) for a in areas},
            "safeguarding": "effective",
        }
    else:
        areas = [
            "inclusion",
            "curriculum_and_teaching",
            "achievement",
            "attendance_and_behaviour",
            "personal_development_and_wellbeing",
            "leadership_and_governance",
        ]
        values |= {
            "inspection_date": D(2026, rng.randint(1, 10), rng.randint(1, 28)),
            "judgements": {
                a: rng.choice(["strong", "expected", "expected", "needs_attention"]) for a in areas
            },
            "safeguarding": "met",
        }
    gen.sink.add(OfstedInspection, values, at=gen.started_at)


def _audit(
    gen, provider_id: int, registered: bool, school, key_stages: str, version: int, visit: dt.date
) -> None:
    """A signed-off, suitable audit by `school`, every section answered: the DSL's confirmation
    and the Headteacher's sign-off a day or two after the visit (R-5.3, R-5.4)."""
    sink, rng = gen.sink, gen.rng
    staff = school.staff
    visit_at = local(visit, dt.time(10, 30))
    confirmed_at = min(visit_at + dt.timedelta(days=1), gen.sink.now)
    signed_at = min(visit_at + dt.timedelta(days=2), gen.sink.now)
    audit_id = sink.add(
        ProviderAudit,
        {
            "provider_id": provider_id,
            "school_id": school.id,
            "version": version,
            "created_by_id": staff["ap_lead"],
            "created_at": visit_at - dt.timedelta(days=7),
            "visit_at": visit_at,
            "registration_status": "registered" if registered else "unregistered",
            "on_la_list": "yes",
            "dfe_number": "n/a",
            "ofsted_inspection_date": "n/a",
            "ofsted_grading": "n/a",
            "ofsted_safeguarding": "n/a",
            "pupil_places": 20,
            "key_stages": key_stages,
            "adults_over_18": "no",
            "gcse_english_maths": "yes",
            "gcse_five_or_more": "no",
            "exam_centre": "no",
            "reported_full_time_pupils": None if registered else rng.randint(0, 3),
            "reported_full_time_looked_after": None if registered else 0,
            "reported_full_time_ehcp": None if registered else 0,
            "reported_full_time_sen_support": None if registered else rng.randint(0, 1),
            "suitable": True,
            "outcome_reason": "Visited, policies seen, safeguarding arrangements checked",
            "sit_discussion": "Discussed with the School Improvement Team",
            "dsl_confirmed_by_id": staff["dsl"],
            "dsl_confirmed_at": confirmed_at,
            "signed_off_by_id": staff["headteacher"],
            "signed_off_at": signed_at,
        },
        by=staff["ap_lead"],
        at=visit_at,
    )
    for kind in ("visit", "completed_by"):
        sink.add(
            AuditPerson,
            {"audit_id": audit_id, "kind": kind, "name": school.ap_lead_name, "role": "AP Lead"},
            by=staff["ap_lead"],
            at=visit_at,
        )
    for key, _ in POLICY_DOCUMENTS:
        sink.add(
            AuditDocument,
            {"audit_id": audit_id, "key": key, "answer": "seen"},
            by=staff["ap_lead"],
            at=visit_at,
        )
    keys = [question_key(s, q) for s in AUDIT_SECTIONS for q in s.questions]
    if not registered:
        keys += [f"unregistered.{q.key}" for q in UNREGISTERED_QUESTIONS]
    for key in keys:
        sink.add(
            AuditAnswer,
            {"audit_id": audit_id, "key": key, "findings": "Seen and discussed with the manager"},
            by=staff["ap_lead"],
            at=visit_at,
        )
