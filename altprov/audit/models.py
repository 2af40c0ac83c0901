from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    """One view of a page that shows pupil data (X-1): who, in what role, what, when, from where.

    Written by `altprov.audit.access.AccessLogMiddleware` for every response that showed pupils;
    never edited or deleted by the service.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
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
    pupils = models.ManyToManyField("pupils.Pupil", related_name="access_events")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["school", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.what} at {self.at:%Y-%m-%d %H:%M}"
