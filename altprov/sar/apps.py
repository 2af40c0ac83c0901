from django.apps import AppConfig


class SarConfig(AppConfig):
    name = "altprov.sar"
    verbose_name = "Subject access requests"
