"""Role invitations (R-10.1, issue 14 item 1.1).

A trust administrator who adds someone by email offers them a role; the role is not active until
the person, signed in as themselves, accepts it. The same happens whether or not the email
address already has an account, so the administrator never learns that an account exists
elsewhere in the service, and nobody gains a role in a trust they did not agree to join.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from altprov.authz.permissions import ROLES


class RoleInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for them to accept"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="role_invitations"
    )
    # What the administrator typed: shown to the trust instead of the account's own details.
    email = models.EmailField("email address")
    full_name = models.CharField("full name", max_length=150)
    role = models.CharField(max_length=40, choices=[(r.value, d.label) for r, d in ROLES.items()])
    trust = models.ForeignKey(
        "organisations.Trust", on_delete=models.CASCADE, related_name="role_invitations"
    )
    school = models.ForeignKey(
        "organisations.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_invitations",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "trust", "school"],
                name="one_pending_invitation_per_role",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        where = self.school if self.school_id else self.trust
        return f"{self.get_role_display()}, {where}"
