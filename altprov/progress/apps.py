from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "altprov.progress"
    verbose_name = "Records kept on the placement"
