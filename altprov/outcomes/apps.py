from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "altprov.outcomes"
    verbose_name = "Reintegration, endings and outcomes (R-13.1 to R-13.3, R-6.5)"

    def ready(self):
        from . import signals  # noqa: F401 (the trust's default questions)
