"""The service's URLs plus one hello-world view, the baseline of bench/list_pages.py: a page of
the same app behind the same middleware (session, sign-in and second factor, security headers,
the access log) that reads nothing of its own. For the benchmarks only, never in production."""

from django.http import HttpResponse
from django.urls import path

from altprov.urls import urlpatterns as service_urlpatterns


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *service_urlpatterns]

handler400 = "altprov.core.views.bad_request"
handler403 = "altprov.core.views.permission_denied"
handler404 = "altprov.core.views.page_not_found"
handler500 = "altprov.core.views.server_error"
