from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "altprov.reports"
    verbose_name = "Reports"
