from django.urls import path

from . import views

app_name = "termdates"

urlpatterns = [
    path("schools/<int:school_id>/term-dates/", views.term_dates, name="term_dates"),
    path("schools/<int:school_id>/term-dates/years/add/", views.year_add, name="year_add"),
    path(
        "schools/<int:school_id>/term-dates/years/<int:year_id>/terms/add/",
        views.term_add,
        name="term_add",
    ),
    path(
        "schools/<int:school_id>/term-dates/terms/<int:term_id>/edit/",
        views.term_edit,
        name="term_edit",
    ),
    path("schools/<int:school_id>/term-dates/closures/add/", views.closure_add, name="closure_add"),
    path(
        "schools/<int:school_id>/term-dates/closures/<int:closure_id>/remove/",
        views.closure_delete,
        name="closure_delete",
    ),
]
