from django.apps import AppConfig


class TermdatesConfig(AppConfig):
    name = "altprov.termdates"
    verbose_name = "Term dates"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
