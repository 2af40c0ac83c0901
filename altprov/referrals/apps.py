from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "altprov.referrals"
    verbose_name = "Referrals and agreements"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
