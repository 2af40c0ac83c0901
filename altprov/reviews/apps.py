from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "altprov.reviews"
    verbose_name = "Agreement and placement reviews"
