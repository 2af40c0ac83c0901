from django.apps import AppConfig


class AuthzConfig(AppConfig):
    name = "altprov.authz"
    verbose_name = "Authorisation"
