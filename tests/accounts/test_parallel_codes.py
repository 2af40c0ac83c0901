"""X-5 and issue 14, 1.5: a second-factor code is accepted once, even from eight requests at the
same moment: a recovery code is used up, an authenticator code is not accepted twice. Run with
DATABASE_URL=postgres://... (skipped on SQLite)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services
from altprov.authz.permissions import Role
from tests.concurrency import on_postgresql, simultaneously

REQUESTS = 8


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_X5_a_recovery_code_used_by_eight_requests_at_once_signs_in_one(world):
    user = world.users[Role.DSL]
    code = services.recovery_codes_generate(user=user)[0]
    results = simultaneously(
        [lambda: services.second_factor_verify(user=user, code=code)] * REQUESTS
    )
    assert sum(result is not None for result in results) == 1
    assert StaticToken.objects.filter(device__user=user).count() == services.RECOVERY_CODE_COUNT - 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_X5_an_authenticator_code_sent_by_eight_requests_at_once_signs_in_one(world):
    user = world.users[Role.DSL]
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
    results = simultaneously(
        [lambda: services.second_factor_verify(user=user, code=code)] * REQUESTS
    )
    assert sum(result is not None for result in results) == 1
