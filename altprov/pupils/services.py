"""Writes to pupil records (R-6.1). Each takes the acting user, who is recorded in the history
that simple_history keeps of every change (X-1)."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from altprov.core.versions import check_version

from .models import Carer, Pupil


class UpnTaken(Exception):
    """Another pupil at the school has the UPN (saved by someone else since the form checked)."""


def pupil_save(*, pupil: Pupil, by, based_on: int | None = None) -> Pupil:
    """Adds or changes a pupil. Nothing is written when nothing has changed, so the history only
    has real changes. A change based on version `based_on` is refused (`StaleVersion`) when the
    record has moved on since (X-5)."""
    if pupil.pk and not _changed(pupil):
        return pupil
    pupil._history_user = by
    try:
        with transaction.atomic():
            check_version(pupil, based_on, reread=False)  # the form has changed `pupil`
            pupil.save()
    except IntegrityError:
        raise UpnTaken from None
    return pupil


def carer_save(*, carer: Carer, by, based_on: int | None = None) -> Carer:
    """Adds or changes a parent or carer; a change based on version `based_on` is refused
    (`StaleVersion`) when someone else has changed them since (X-5)."""
    if carer.pk and not _changed(carer):
        return carer
    carer._history_user = by
    with transaction.atomic():
        check_version(carer, based_on, reread=False)  # the form has changed `carer`
        carer.save()
    return carer


@transaction.atomic
def carer_remove(*, carer: Carer, by) -> None:
    carer._history_user = by
    carer.delete()


def next_carer_priority(pupil: Pupil) -> int:
    """The contact order for a new carer: after the ones the pupil has (1 for the first)."""
    highest = pupil.carers.aggregate(highest=Max("priority"))["highest"]
    return min((highest or 0) + 1, 9)


def _changed(instance) -> bool:
    stored = type(instance).objects.filter(pk=instance.pk).values().first()
    if stored is None:
        return True
    return any(
        getattr(instance, field.attname) != stored[field.attname]
        for field in instance._meta.concrete_fields
    )
