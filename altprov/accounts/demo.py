"""Demo mode only (`make run`): the seeded accounts share one known TOTP secret so that anyone
trying the service can sign in. Production settings refuse ALTPROV_DEMO."""

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# Base32 of the demo key, for typing into an authenticator app.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # the RFC 6238 test key
DEMO_TOTP_SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEMO_PASSWORD = "demo-password-for-altprov"  # noqa: S105 - printed by make run, demo only


def current_demo_code(user) -> str | None:
    if not settings.DEMO_MODE:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY_HEX).first()
    if device is None:
        return None
    return (
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"
    )


def demo_code_now() -> str:
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"
