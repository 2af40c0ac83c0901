from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "altprov.audit"
    verbose_name = "Records of access"
