from django.urls import path

from . import views

app_name = "duties"

urlpatterns = [
    path("schools/<int:school_id>/", views.school_due, name="school"),
    path("trust/", views.trust_due, name="trust"),
]
