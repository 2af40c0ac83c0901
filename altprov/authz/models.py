from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.organisations.models import School, Trust

from .permissions import ROLES, SCHOOL_ROLES, SERVICE_ROLES, Role, Scope


class RoleAssignment(models.Model):
    """One role held by one user, in a school (school roles), in a trust (trust roles), or for the
    whole service with neither (service roles)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=40, choices=[(r.value, d.label) for r, d in ROLES.items()])
    trust = models.ForeignKey(
        Trust,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="Empty only for a service role",
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trust", "school", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                name="one_school_role_once",
                condition=models.Q(school__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "trust"],
                name="one_trust_role_once",
                condition=models.Q(school__isnull=True, trust__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                name="one_service_role_once",
                condition=models.Q(school__isnull=True, trust__isnull=True),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role__in=[r.value for r in SCHOOL_ROLES],
                        school__isnull=False,
                        trust__isnull=False,
                    )
                    | models.Q(
                        role__in=[r.value for r in SERVICE_ROLES],
                        school__isnull=True,
                        trust__isnull=True,
                    )
                    | (
                        ~models.Q(role__in=[r.value for r in SCHOOL_ROLES + SERVICE_ROLES])
                        & models.Q(school__isnull=True, trust__isnull=False)
                    )
                ),
                name="role_held_in_its_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.where}"

    @property
    def where(self) -> str:
        """Where the role is held: the school, the trust, or the whole service."""
        if self.school_id:
            return self.school.name
        if self.trust_id:
            return self.trust.name
        return "the whole service"

    @property
    def definition(self):
        return ROLES[Role(self.role)]

    def clean(self) -> None:
        scope = ROLES[Role(self.role)].scope if self.role else None
        if scope is Scope.SCHOOL and not self.school_id:
            raise ValidationError({"school": "Select the school this role is held in"})
        if scope is Scope.TRUST and self.school_id:
            raise ValidationError({"school": "A trust role is not held in one school"})
        if scope is Scope.SERVICE and (self.school_id or self.trust_id):
            raise ValidationError("A service role is held outside every trust and school")
        if scope is not Scope.SERVICE and not self.trust_id:
            raise ValidationError({"trust": "Select the trust this role is held in"})
        if self.school_id and self.trust_id and self.school.trust_id != self.trust_id:
            raise ValidationError({"school": "The school must belong to the trust"})
