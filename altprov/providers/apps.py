from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "altprov.providers"
    verbose_name = "Providers"
