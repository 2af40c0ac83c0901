"""API clients (issue 9): the tokens other systems use to read and write through the API.

A token is shown once, when it is made, and stored only as the SHA-256 of the whole token (it
carries 256 bits of randomness, so a plain hash is enough: nothing to guess, no need for a slow
hash). Its first characters (`prefix`) are kept in clear so that a trust administrator can tell
which client a token belongs to. A client is scoped to its trust or to one school of it, reads
or reads and writes, works until the end of its expiry date, and can be revoked (who, when).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ApiClient(models.Model):
    class Access(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    trust = models.ForeignKey(
        "organisations.Trust", on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(
        "name of the system",
        max_length=100,
        help_text="So that you know which system uses it, for example “Oak Academy MIS”",
    )
    school = models.ForeignKey(
        "organisations.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_clients",
        verbose_name="school (blank for the whole trust)",
    )
    access = models.CharField("access", max_length=5, choices=Access.choices)
    expires_on = models.DateField(
        "expiry date", help_text="The token works until the end of this day"
    )
    prefix = models.CharField("token starts with", max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Writes made through the client are recorded as this account's (attendance marks' "entered
    # by" and their history): an account that cannot sign in, named after the client.
    acting_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set with a plain UPDATE on each call, outside the history (one row per call would drown it).
    last_used_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at", "token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "name"], name="one_api_client_name_per_trust")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.WRITE

    @property
    def scope_label(self) -> str:
        return self.school.name if self.school_id else f"{self.trust.name} (every school)"

    def state(self, today: dt.date) -> str:
        """ "revoked", "expired" (after its expiry date) or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if today > self.expires_on:
            return "expired"
        return "active"
