from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "altprov.staff"
    verbose_name = "Staff"
