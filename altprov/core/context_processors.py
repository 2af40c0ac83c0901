from django.conf import settings
from django.utils.functional import SimpleLazyObject

from altprov.organisations.selectors import current_school, user_schools

from . import navigation


def service(request):
    if not hasattr(request, "user"):
        return {"service_name": "AltProv"}
    return {
        "service_name": "AltProv",
        "demo_mode": settings.DEMO_MODE,
        "navigation": SimpleLazyObject(lambda: navigation.items_for(request)),
        "current_school": SimpleLazyObject(lambda: current_school(request) or ""),
        "switchable_schools": SimpleLazyObject(
            lambda: user_schools(request) if request.user.is_authenticated else []
        ),
    }
