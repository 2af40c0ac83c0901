"""Creating and revoking API clients (issue 9). Each takes the acting trust administrator."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.accounts.models import User
from altprov.core.locking import lock

from .models import ApiClient
from .tokens import new_token, token_hash

MAX_LIFETIME = relativedelta(years=1)


def latest_expiry(today: dt.date) -> dt.date:
    return today + MAX_LIFETIME


def client_create(
    *, trust, name: str, school, access: str, expires_on: dt.date, by, today: dt.date
) -> tuple[ApiClient, str]:
    """A new client and its token, which is returned here once and never stored."""
    errors = {}
    if school is not None and school.trust_id != trust.pk:
        errors["school"] = "Select a school of the trust"
    if expires_on <= today:
        errors["expires_on"] = "The expiry date must be after today"
    elif expires_on > latest_expiry(today):
        errors["expires_on"] = (
            f"The expiry date must be no more than a year from today "
            f"({latest_expiry(today):%-d %B %Y} at the latest)"
        )
    if ApiClient.objects.filter(trust=trust, name__iexact=name).exists():
        errors["name"] = "The trust already has an API client with this name: choose another"
    if errors:
        raise ValidationError(errors)
    token, prefix = new_token()
    while ApiClient.objects.filter(prefix=prefix).exists():  # 1 in 4 billion: draw again
        token, prefix = new_token()
    with transaction.atomic():
        acting_user = User.objects.create_user(
            email=f"{prefix.replace('_', '-')}@api-clients.invalid",
            password=None,  # an unusable password: the account never signs in
            full_name=f"API client: {name}"[:150],
            is_active=False,
        )
        client = ApiClient.objects.create(
            trust=trust,
            name=name,
            school=school,
            access=access,
            expires_on=expires_on,
            prefix=prefix,
            token_hash=token_hash(token),
            acting_user=acting_user,
            created_by=by,
        )
    return client, token


def client_revoke(*, client: ApiClient, by) -> ApiClient:
    """Revoked once, under a row lock: a second revocation is refused and changes nothing."""
    with transaction.atomic():
        lock(client)
        if client.revoked_at is not None:
            raise ValidationError(
                f"This client was already revoked on {timezone.localtime(client.revoked_at):%-d %B %Y}"
            )
        client.revoked_at, client.revoked_by = timezone.now(), by
        client._change_reason = "revoked"
        client.save(update_fields=["revoked_at", "revoked_by"])
    return client
