import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _counts():
    return [
        ("names_listed", models.PositiveIntegerField(verbose_name="names of third parties listed")),
        (
            "names_redacted",
            models.PositiveIntegerField(verbose_name="names of third parties redacted"),
        ),
        ("entries_listed", models.PositiveIntegerField(verbose_name="safeguarding entries listed")),
        (
            "entries_redacted",
            models.PositiveIntegerField(verbose_name="safeguarding entries redacted"),
        ),
        ("documents_listed", models.PositiveIntegerField(verbose_name="documents listed")),
        ("documents_left_out", models.PositiveIntegerField(verbose_name="documents left out")),
    ]


def _historical_fk(to):
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to=to,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organisations", "0004_school_region"),
        ("pupils", "0002_pupil_record_and_carers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSubjectAccessExport",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("made_at", models.DateTimeField(blank=True, editable=False)),
                *_counts(),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("made_by", _historical_fk(settings.AUTH_USER_MODEL)),
                ("pupil", _historical_fk("pupils.pupil")),
                ("school", _historical_fk("organisations.school")),
            ],
            options={
                "verbose_name": "historical subject access export",
                "verbose_name_plural": "historical subject access exports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SubjectAccessExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("made_at", models.DateTimeField(auto_now_add=True)),
                *_counts(),
                (
                    "made_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pupil",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subject_access_exports",
                        to="pupils.pupil",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.school",
                    ),
                ),
            ],
            options={"ordering": ["-made_at", "-pk"]},
        ),
    ]
