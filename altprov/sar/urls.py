from django.urls import path

from . import views

app_name = "sar"

urlpatterns = [
    path("<int:pupil_id>/subject-access/", views.redaction, name="redaction"),
    path("<int:pupil_id>/subject-access/check/", views.check, name="check"),
    path("<int:pupil_id>/subject-access/download/", views.download, name="download"),
]
