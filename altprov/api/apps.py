from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "altprov.api"
    verbose_name = "The API for other systems"

    def ready(self):
        from . import schema  # noqa: F401  (registers the authentication in the OpenAPI schema)
