# The access log is append-only: the pupils of an access event become a declared model on the
# same table (no change to the database), and triggers refuse UPDATE and DELETE on both tables.

import django.db.models.deletion
from django.db import migrations, models

from altprov.core.append_only import install_triggers, remove_triggers

TABLES = ["audit_accessevent", "audit_accessevent_pupils"]


def install(apps, schema_editor):
    install_triggers(schema_editor.connection, TABLES)


def remove(apps, schema_editor):
    remove_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("pupils", "0002_pupil_record_and_carers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table Django made for the many-to-many field is the same table, columns,
            # foreign keys and unique pair: only Django's idea of it changes.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AccessEventPupil",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "accessevent",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="audit.accessevent",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, to="pupils.pupil"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "audit_accessevent_pupils",
                        "unique_together": {("accessevent", "pupil")},
                    },
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="pupils",
                    field=models.ManyToManyField(
                        related_name="access_events",
                        through="audit.AccessEventPupil",
                        to="pupils.pupil",
                    ),
                ),
            ],
        ),
        migrations.RunPython(install, remove),
    ]
