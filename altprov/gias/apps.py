from django.apps import AppConfig


class GiasConfig(AppConfig):
    name = "altprov.gias"
    verbose_name = "Get Information about Schools"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - a school in the register takes its region
