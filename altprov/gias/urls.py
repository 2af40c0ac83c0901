from django.urls import path

from . import views

app_name = "gias"

urlpatterns = [
    path("", views.import_page, name="import"),
    path("check/", views.run_checks, name="run_checks"),
]
