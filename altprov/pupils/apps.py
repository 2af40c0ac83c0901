from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "altprov.pupils"
    verbose_name = "Pupils"
