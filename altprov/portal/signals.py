"""X-4: a placement confirmed to start tells the provider's users, by an email without the pupil's
details. A signal, so that the placements app does not import the portal (the portal reads
placements: an import the other way would make a circle)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from altprov.placements.models import Placement

from .services import placement_start_email_send


@receiver(post_save, sender=Placement, dispatch_uid="portal_placement_started")
def placement_started(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """`placement_start` saves the status with `update_fields`: that save, to attending, is the
    confirmation. The email goes once the transaction has committed."""
    if raw or created or not update_fields or "status" not in update_fields:
        return
    if instance.status == Placement.Status.ACTIVE:
        transaction.on_commit(lambda: placement_start_email_send(instance))
