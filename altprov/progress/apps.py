from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "altprov.progress"
    verbose_name = "Records kept on the placement"

    def ready(self):
        from . import attention  # noqa: F401 - registers what needs attention
