# A call through the API (issue 9) names its client in the access log. The triggers that keep the
# log append-only are installed again afterwards, in case the database rebuilt the table.

import django.db.models.deletion
from django.db import migrations, models

from altprov.core.append_only import install_triggers

TABLES = ["audit_accessevent", "audit_accessevent_pupils"]


def install(apps, schema_editor):
    install_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="api_client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_events",
                to="api.apiclient",
                verbose_name="API client",
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
