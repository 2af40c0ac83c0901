from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "altprov.chronology"
    verbose_name = "Chronology of support"
