from django.apps import AppConfig


class SuspensionsConfig(AppConfig):
    name = "altprov.suspensions"
    verbose_name = "Suspensions"
