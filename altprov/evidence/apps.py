from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "altprov.evidence"
    verbose_name = "Evidence files"
