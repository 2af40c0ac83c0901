from django.urls import path

from . import views

app_name = "api_clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("add/", views.client_add, name="add"),
    path("<int:client_id>/", views.client_detail, name="detail"),
    path("<int:client_id>/revoke/", views.client_revoke, name="revoke"),
]
