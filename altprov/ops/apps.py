from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "altprov.ops"
    verbose_name = "Operations: health, scheduled jobs, backups"
