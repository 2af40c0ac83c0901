from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "altprov.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import attention  # noqa: F401 - registers what needs attention
