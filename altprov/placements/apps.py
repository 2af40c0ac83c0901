from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "altprov.placements"
    verbose_name = "Placements"
