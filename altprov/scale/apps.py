from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "altprov.scale"
    verbose_name = "Scale data generator"
