from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("dashboard/", views.national, name="dashboard"),
    path("dashboard/regions/<slug:region>/", views.region, name="region"),
]
