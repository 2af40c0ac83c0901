# The chronology is append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on
# PostgreSQL) of its rows. The same function runs after every migrate (altprov/core/apps.py).

from django.db import migrations

from altprov.core.append_only import install_triggers, remove_triggers

TABLES = ["chronology_chronologyentry"]


def install(apps, schema_editor):
    install_triggers(schema_editor.connection, TABLES)


def remove(apps, schema_editor):
    remove_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [("chronology", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
