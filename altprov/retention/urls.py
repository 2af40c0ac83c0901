from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("schools/<int:school_id>/", views.due_list, name="due"),
    path("due/<int:due_id>/delete/", views.confirm, name="confirm"),
]
