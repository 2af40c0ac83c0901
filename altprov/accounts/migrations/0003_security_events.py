# X-5 (issue 11): the record of changes to how people sign in (passkeys, the authenticator app,
# recovery codes), append-only: triggers refuse UPDATE and DELETE.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from altprov.core.append_only import install_triggers, remove_triggers

TABLES = ["accounts_securityevent"]


def install(apps, schema_editor):
    install_triggers(schema_editor.connection, TABLES)


def remove(apps, schema_editor):
    remove_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_historicaluser_provider_user_provider'),
    ]

    operations = [
        migrations.CreateModel(
            name='SecurityEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('kind', models.CharField(choices=[('passkey_added', 'Passkey added'), ('passkey_removed', 'Passkey removed'), ('app_added', 'Authenticator app added'), ('app_removed', 'Authenticator app removed'), ('codes_made', 'New recovery codes made'), ('codes_removed', 'Recovery codes removed')], max_length=20)),
                ('detail', models.CharField(blank=True, help_text="The passkey's name, or what the change replaced", max_length=200)),
                ('by', models.ForeignKey(blank=True, help_text='The person themselves, or the trust administrator who reset their sign-in', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='security_events', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.RunPython(install, remove),
    ]
