from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "altprov.national"
    verbose_name = "National and regional dashboards"
