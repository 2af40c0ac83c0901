from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "altprov.staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
