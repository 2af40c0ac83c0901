from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "altprov.core"
    verbose_name = "Core"
