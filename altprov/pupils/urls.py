from django.urls import path

from . import views

app_name = "pupils"

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("add/", views.pupil_add, name="add"),
    path("import/", views.pupil_import, name="import"),
    path("<int:pupil_id>/", views.pupil_detail, name="detail"),
    path("<int:pupil_id>/details/", views.pupil_edit, name="edit"),
    path("<int:pupil_id>/send/", views.pupil_edit_send, name="edit_send"),
    path("<int:pupil_id>/safeguarding/", views.pupil_edit_safeguarding, name="edit_safeguarding"),
    path("<int:pupil_id>/carers/add/", views.carer_add, name="carer_add"),
    path("<int:pupil_id>/carers/<int:carer_id>/", views.carer_edit, name="carer_edit"),
    path("<int:pupil_id>/carers/<int:carer_id>/remove/", views.carer_remove, name="carer_remove"),
]
