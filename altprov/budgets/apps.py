from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "altprov.budgets"
    verbose_name = "AP budgets"
