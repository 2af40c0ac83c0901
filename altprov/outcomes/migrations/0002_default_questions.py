"""R-6.5: every existing trust starts with the default questions for the pupil's view."""

from django.db import migrations

DEFAULT_QUESTIONS = (
    "I feel safe",
    "I get on with the staff",
    "I want to learn",
    "I feel confident about returning to school",
)


def seed(apps, schema_editor):
    Trust = apps.get_model("organisations", "Trust")
    ViewQuestion = apps.get_model("outcomes", "ViewQuestion")
    for trust_id in Trust.objects.values_list("pk", flat=True):
        if ViewQuestion.objects.filter(trust_id=trust_id).exists():
            continue
        ViewQuestion.objects.bulk_create(
            ViewQuestion(trust_id=trust_id, wording=w, position=n, active=True)
            for n, w in enumerate(DEFAULT_QUESTIONS, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
