from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "altprov.organisations"
    verbose_name = "Trusts and schools"
