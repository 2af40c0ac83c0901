"""Writes of the records kept on a placement: each takes the acting user and keeps history."""

from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.core.locking import lock
from altprov.placements.models import Placement

from .models import ObjectiveProgress


def _attending(placement: Placement) -> None:
    lock(placement)
    if placement.status != Placement.Status.ACTIVE:
        raise ValidationError("These records are kept only while the pupil attends the placement.")


def _save(record, by):
    record._history_user = by
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def progress_record(*, objective, checked_on, status, evidence, next_step, by) -> ObjectiveProgress:
    """R-11.1: the AP Lead records progress against one objective of an attending placement."""
    _attending(objective.placement)
    return _save(
        ObjectiveProgress(
            objective=objective,
            checked_on=checked_on,
            status=status,
            evidence=evidence.strip(),
            next_step=next_step.strip(),
            recorded_by=by,
        ),
        by,
    )
