from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from altprov.audit.access import shows_pupils

from . import docs, endpoints


class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema: public like the documentation page (altprov/api/docs.py)."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []


app_name = "api"

urlpatterns = [
    path("schema/", Schema.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path(
        "v1/placements/",
        shows_pupils("API: placements")(endpoints.PlacementList.as_view()),
        name="placements",
    ),
    path(
        "v1/placements/<int:pk>/",
        shows_pupils("API: placement")(endpoints.PlacementDetail.as_view()),
        name="placement",
    ),
    path(
        "v1/attendance-marks/",
        shows_pupils("API: attendance marks")(endpoints.MarkList.as_view()),
        name="marks",
    ),
    path("v1/providers/", endpoints.ProviderList.as_view(), name="providers"),
    path(
        "v1/census/placements/",
        shows_pupils("API: school census, AP placements")(endpoints.Census.as_view()),
        name="census",
    ),
]
