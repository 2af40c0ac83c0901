"""The staff side of provider accounts (X-5), under the provider's page."""

from django.urls import path

from . import users_views

app_name = "provider_users"

urlpatterns = [
    path("<int:provider_id>/portal-users/invite/", users_views.invite, name="invite"),
    path(
        "<int:provider_id>/portal-users/<int:user_id>/switch-off/",
        users_views.switch_off,
        name="switch_off",
    ),
]
