from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("trust/", views.trust_budgets, name="trust"),
    path("schools/<int:school_id>/", views.school_budget, name="school"),
    path("schools/<int:school_id>/propose/", views.propose, name="propose"),
    path("proposals/<int:proposal_id>/approve/", views.approve, name="approve"),
    path("proposals/<int:proposal_id>/return/", views.return_proposal, name="return"),
]
