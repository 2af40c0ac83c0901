from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [path("<int:evidence_id>/", views.download, name="download")]
