from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "altprov.providers"
    verbose_name = "Providers"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
