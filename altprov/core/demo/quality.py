"""Audits and letters of comfort that give the demo register every status a provider can have."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.provider_audits.demo import audit_completed
from altprov.providers.services import letter_add

from .data import DEMO_PDF


def quality_assurance(trust, providers) -> None:
    """Audits and letters that give the register every status a provider can have (R-5.6)."""
    today = dt.date.today()

    def staff(school, role):
        return RoleAssignment.objects.get(school=school, role=role).user

    def letter(provider, by, received, renewal=None):
        upload = SimpleUploadedFile("letter-of-comfort.pdf", DEMO_PDF, "application/pdf")
        letter_add(
            provider=provider,
            received_on=received,
            signatory_name=provider.manager_name,
            signatory_role="Centre manager",
            upload=upload,
            renewal_due=renewal,
            school=None,
            by=by,
        )

    fernleigh = trust.schools.get(name="Fernleigh Academy")
    marshcombe = trust.schools.get(name="Marshcombe High School")
    ap, dsl, head = (staff(fernleigh, r) for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER))
    signed = {"by": ap, "dsl": dsl, "sign_off_by": head}
    days = dt.timedelta(days=1)
    pru, skills, farm, motor, tutoring, therapeutic, hair, _boxing, independent = providers[:9]
    audit_completed(pru, fernleigh, visit=today - 60 * days, **signed)
    letter(pru, ap, today - 50 * days)
    audit_completed(
        skills,
        fernleigh,
        visit=today - 30 * days,
        next_steps="Send the updated risk assessment for the workshop",
        reported_full_time=2,
        **signed,
    )
    letter(skills, ap, today - 25 * days)
    audit_completed(
        farm,
        fernleigh,
        visit=today - 20 * days,
        reported_full_time=5,
        reported_ehcp=1,
        **signed,
    )
    letter(farm, ap, today - 20 * days)
    audit_completed(motor, fernleigh, visit=today - 400 * days, **signed)
    letter(motor, ap, today - 100 * days)
    audit_completed(tutoring, fernleigh, visit=today - 90 * days, reported_full_time=1, **signed)
    letter(tutoring, ap, today - 380 * days, renewal=today - 15 * days)
    audit_completed(therapeutic, fernleigh, visit=today - 45 * days, suitable=False, **signed)
    audit_completed(hair, fernleigh, by=ap)  # in progress: ready for the DSL
    m_ap, m_dsl, m_head = (staff(marshcombe, r) for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER))
    audit_completed(
        independent,
        marshcombe,
        visit=today - 100 * days,
        by=m_ap,
        dsl=m_dsl,
        sign_off_by=m_head,
    )
    letter(independent, m_ap, today - 100 * days)
