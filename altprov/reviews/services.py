from django.core.exceptions import ValidationError

from .models import AgreementReview


def review_record(*, placement, held_on, attended, outcome, notes, by) -> AgreementReview:
    """R-7.3: records a review of an attending placement; the next review falls due from it."""
    if placement.status != "active":
        raise ValidationError("Only a placement the pupil is attending is reviewed.")
    review = AgreementReview(
        placement=placement,
        held_on=held_on,
        attended=attended.strip(),
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=by,
    )
    review._history_user = by
    review.full_clean()
    review.save()
    return review
