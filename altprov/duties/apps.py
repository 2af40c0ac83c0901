from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "altprov.duties"
    verbose_name = "Duties and due dates"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
