"""R-6.5: a new trust starts with the default questions for the pupil's view; its administrator
or executive then changes them (existing trusts got them from the migration)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.utils import bulk_create_with_history

from altprov.organisations.models import Trust

from .models import ViewQuestion
from .rules import DEFAULT_QUESTIONS


def seed_questions(trust_id: int) -> None:
    """The default questions, with their history (a first version each)."""
    if ViewQuestion.objects.filter(trust_id=trust_id).exists():
        return
    bulk_create_with_history(
        [
            ViewQuestion(trust_id=trust_id, wording=wording, position=n, active=True)
            for n, wording in enumerate(DEFAULT_QUESTIONS, start=1)
        ],
        ViewQuestion,
    )


@receiver(post_save, sender=Trust, dispatch_uid="outcomes_default_questions")
def default_questions(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seed_questions(instance.pk)
