from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "altprov.retention"
    verbose_name = "Retention of pupils' records"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
