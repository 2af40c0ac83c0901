from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "altprov.history"
    verbose_name = "History of changes"
