"""R-6.5: a new trust starts with the default questions for the pupil's view; its administrator
or executive then changes them (existing trusts got them from the migration)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from altprov.organisations.models import Trust

from .models import ViewQuestion
from .rules import DEFAULT_QUESTIONS


def seed_questions(trust_id: int, model=ViewQuestion) -> None:
    if model.objects.filter(trust_id=trust_id).exists():
        return
    model.objects.bulk_create(
        model(trust_id=trust_id, wording=wording, position=n, active=True)
        for n, wording in enumerate(DEFAULT_QUESTIONS, start=1)
    )


@receiver(post_save, sender=Trust, dispatch_uid="outcomes_default_questions")
def default_questions(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seed_questions(instance.pk)
