from django.conf import settings
from django.db import models

from altprov.core.append_only import AppendOnlyModel

REFUSAL = "The access log is never changed or deleted (X-1): it records views as they happened"


class AccessEvent(AppendOnlyModel):
    """One view of a page that shows pupil data (X-1): who, in what role, what, when, from where.

    Written by `altprov.audit.access.AccessLogMiddleware` for every response that showed pupils.
    Never changed or deleted, nor are the pupils it names: enforced in Python and by database
    triggers (altprov/core/append_only.py).
    """

    append_only_refusal = REFUSAL

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    # A call through the API (issue 9): the client, whose acting account is `user`.
    api_client = models.ForeignKey(
        "api.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name="API client",
    )
    roles = models.CharField(max_length=500, help_text="The user's roles at the time, in words")
    trust = models.ForeignKey(
        "organisations.Trust", on_delete=models.PROTECT, related_name="access_events"
    )
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="access_events"
    )
    what = models.CharField(max_length=200, help_text="The page, in words")
    path = models.CharField(max_length=500)
    pupils = models.ManyToManyField(
        "pupils.Pupil", related_name="access_events", through="AccessEventPupil"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["school", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.what} at {self.at:%Y-%m-%d %H:%M}"


class AccessEventPupil(AppendOnlyModel):
    """A pupil an access event showed (the table Django made for the many-to-many field, now
    declared so that `remove()`, `clear()` and `set()` are refused like any other change). A pupil
    who has been viewed cannot be deleted while the log names them (PROTECT)."""

    append_only_refusal = REFUSAL

    accessevent = models.ForeignKey(AccessEvent, on_delete=models.CASCADE)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT)

    class Meta:
        db_table = "audit_accessevent_pupils"
        # As Django made it for the many-to-many field, so that the table is unchanged.
        unique_together = [("accessevent", "pupil")]

    def __str__(self) -> str:
        return f"{self.pupil_id} in access event {self.accessevent_id}"
