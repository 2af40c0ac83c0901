from django.apps import AppConfig


class GiasConfig(AppConfig):
    name = "altprov.gias"
    verbose_name = "Get Information about Schools"
