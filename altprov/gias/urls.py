from django.urls import path

from . import views

app_name = "gias"

urlpatterns = [
    # Trust administrators: their own providers' registration checks.
    path("trust/gias/", views.checks_page, name="checks"),
    path("trust/gias/check/", views.run_checks, name="run_checks"),
    # The service administrator: the national register every trust's checks use.
    path("service/gias/", views.import_page, name="import"),
]
