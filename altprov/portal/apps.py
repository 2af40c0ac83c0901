from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "altprov.portal"
    verbose_name = "Provider portal"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (the email when a placement is confirmed to start)
