"""Every refusal of the API as JSON with a `detail` in plain words (401, 403, 404, 429)."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_handler

NO_TOKEN = "Send a token in the header “Authorization: Bearer <token>”."
NOT_FOUND = "Not found: nothing with this address is within the token's scope."


def exception_handler(exc, context):
    if isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(NO_TOKEN)
    response = drf_handler(exc, context)
    if response is not None and response.status_code == 404:
        response.data = {"detail": NOT_FOUND}
    if isinstance(exc, exceptions.Throttled):
        response.data = {
            "detail": f"Too many calls with this token: try again in {max(1, round(exc.wait or 1))} seconds."
        }
    return response
