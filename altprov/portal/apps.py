from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "altprov.portal"
    verbose_name = "Provider portal"
