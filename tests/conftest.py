import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.middleware import start_session

from . import factories


def signed_in_client(user) -> Client:
    """A test client signed in with password and second factor, as after the real journey."""
    user.refresh_from_db()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request = type("R", (), {"session": session, "user": user})()
    start_session(request)
    session.save()
    return client


@pytest.fixture
def world(db):
    return factories.world()


@pytest.fixture
def client_for(db):
    return signed_in_client
