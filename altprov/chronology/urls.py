from django.urls import path

from . import views

app_name = "chronology"

urlpatterns = [
    path("<int:pupil_id>/chronology/", views.timeline, name="timeline"),
    path("<int:pupil_id>/chronology/add/", views.entry_add_choose, name="add_choose"),
    path("<int:pupil_id>/chronology/add/<slug:kind>/", views.entry_add, name="add"),
    path(
        "<int:pupil_id>/chronology/<int:entry_id>/correct/",
        views.entry_correct,
        name="correct",
    ),
]
