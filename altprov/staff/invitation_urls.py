from django.urls import path

from . import invitations

app_name = "invitations"

urlpatterns = [
    path("", invitations.invitation_list, name="list"),
]
