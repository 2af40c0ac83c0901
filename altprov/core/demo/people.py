"""Demo accounts: every one signs in with the demo password and the demo TOTP secret, and has
ten recovery codes, and the record of setting them up as a person's own sign-in would leave (X-5)."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.demo import DEMO_TOTP_KEY_HEX
from altprov.accounts.events import Kind, security_event_record
from altprov.accounts.models import User


def demo_user(email: str, full_name: str, job_title: str, *, password_hash: str) -> User:
    user = User.objects.create(
        email=email, full_name=full_name, job_title=job_title, password=password_hash
    )
    TOTPDevice.objects.create(
        user=user, name="Demo authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True
    )
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=f"demo{user.pk:04d}{i:02d}") for i in range(10)]
    )
    security_event_record(user=user, kind=Kind.APP_ADDED, by=user)
    security_event_record(user=user, kind=Kind.CODES_MADE, by=user)
    return user
