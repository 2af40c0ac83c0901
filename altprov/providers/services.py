"""Writes to the provider register. History is kept by simple_history with the acting user."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction

from altprov.evidence.services import evidence_store
from altprov.organisations.services import settings_for

from .models import LetterOfComfort, OfstedInspection, Provider


def provider_save(*, provider: Provider, by) -> Provider:
    provider._history_user = by
    provider.save()
    return provider


def letter_renewal_default(provider: Provider, received_on: dt.date) -> dt.date:
    return received_on + relativedelta(
        months=settings_for(provider.trust).letter_of_comfort_valid_months
    )


@transaction.atomic
def letter_add(
    *,
    provider: Provider,
    received_on: dt.date,
    signatory_name: str,
    signatory_role: str,
    upload,
    renewal_due: dt.date | None,
    school,
    by,
) -> LetterOfComfort:
    """R-5.5. The renewal date defaults to the trust's validity period after receipt."""
    # A future date of receipt is refused before the file is stored, so nothing is left behind.
    LetterOfComfort._meta.get_field("received_on").validate(received_on, None)
    document = evidence_store(upload=upload, trust=provider.trust, school=school, by=by)
    letter = LetterOfComfort(
        provider=provider,
        received_on=received_on,
        signatory_name=signatory_name,
        signatory_role=signatory_role,
        document=document,
        renewal_due=renewal_due or letter_renewal_default(provider, received_on),
        recorded_by=by,
    )
    letter._history_user = by
    letter.save()
    return letter


def inspection_add(*, provider: Provider, scheme: str, data: dict, by) -> OfstedInspection:
    inspection = OfstedInspection(
        provider=provider,
        scheme=scheme,
        inspection_date=data["inspection_date"],
        overall_grade=data.get("overall_grade") or None,
        judgements=data.get("judgements", {}),
        safeguarding=data["safeguarding"],
        report_url=data.get("report_url", ""),
        recorded_by=by,
    )
    inspection._history_user = by
    inspection.save()
    return inspection
