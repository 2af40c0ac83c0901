from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("add/", views.staff_add, name="add"),
    path("<int:user_id>/", views.staff_detail, name="detail"),
    path("<int:user_id>/roles/add/", views.role_add, name="role_add"),
    path("<int:user_id>/roles/<int:assignment_id>/remove/", views.role_remove, name="role_remove"),
    path("<int:user_id>/set-up-link/", views.set_up_link_send, name="set_up_link"),
    path("<int:user_id>/reset-sign-in/", views.sign_in_reset, name="sign_in_reset"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
