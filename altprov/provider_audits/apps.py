from django.apps import AppConfig


class ProviderAuditsConfig(AppConfig):
    name = "altprov.provider_audits"
    verbose_name = "Provider audits and risk assessments"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
