from django.db import models
from simple_history.models import HistoricalRecords

from altprov.organisations.models import Trust


class Provider(models.Model):
    """An alternative provision setting on the trust's register, shared by its schools (R-5.1)."""

    class Registration(models.TextChoices):
        REGISTERED = "registered", "Registered"
        UNREGISTERED = "unregistered", "Unregistered"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField(max_length=200)
    registration_status = models.CharField(
        "registration status", max_length=20, choices=Registration.choices
    )
    urn = models.CharField("DfE number (URN)", max_length=6, blank=True)
    address_line_1 = models.CharField("address line 1", max_length=200)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    manager_name = models.CharField("name of headteacher or manager", max_length=150)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "name"], name="provider_name_unique_in_trust")
        ]

    def __str__(self) -> str:
        return self.name
