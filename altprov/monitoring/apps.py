from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "altprov.monitoring"
    verbose_name = "Monitoring of placements (R-12.1 to R-12.5)"
