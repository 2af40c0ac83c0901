import fcntl
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.middleware import start_session
from altprov.core.step_up import second_factor_proven

from . import factories

# `make mutate` runs a new pytest session for every mutant, and making the in-memory test
# database (every table, then `migrate`'s model state, content types and permissions) took most
# of a killed mutant's time: about 1.5 of 2 CPU-seconds. So in a mutant's run (mutmut names the
# mutant in MUTANT_UNDER_TEST) each of mutmut's parallel children takes a free slot (a file lock,
# released when the child exits, however it ends) and keeps that slot's test database from one
# mutant to the next: SQLite files in `mutants/`, which `make mutate` deletes before each run.
# Every test still runs in a transaction rolled back (or, for transactional tests, with the
# tables flushed after it), as with a new database. Every other run is unchanged.
_MUTMUT_SLOT = None


def _mutant_run() -> bool:
    # mutmut names a mutant's child run after the mutant; its own runs are "stats", "" and "fail".
    return "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", "")


def _let_go_of_inherited_connection() -> None:
    """A mutant's child is forked from mutmut's own test run and inherits its connection
    object: its open in-memory test database (Django's close() leaves those open) and the
    attributes that run set on it (such as append_only's deletion flag, so that a mutant reading
    the flag with another default would go unseen). The child starts with a new one."""
    BaseDatabaseWrapper.close(connections["default"])
    del connections["default"]


def _mutmut_sqlite() -> bool:
    # A mutant of core.append_only may change the triggers made with the database: such a mutant
    # gets a new database of its own, and never makes a slot's database.
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    return (
        _mutant_run()
        and not mutant.startswith("altprov.core.append_only.")
        and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    global _MUTMUT_SLOT
    if _mutant_run():
        _let_go_of_inherited_connection()
    if not _mutmut_sqlite():
        return
    for slot in range(2 * (os.cpu_count() or 2)):
        handle = open(Path.cwd() / f".mutmut-testdb-{slot}.lock", "w")  # noqa: SIM115 (held to exit)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _MUTMUT_SLOT = handle
        name = str(Path.cwd() / f".mutmut-testdb-{slot}.sqlite3")
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
        return


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    return _mutmut_sqlite() or bool(request.config.getvalue("reuse_db"))


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_modify_db_settings):
    """Under mutmut, a slot's database once made is used as it is: `migrate` (even finding
    every table there) builds the whole migration state, a second per mutant. Otherwise, and
    the first time in a slot, pytest-django's own set-up."""
    if _MUTMUT_SLOT is None or not Path(_MUTMUT_SLOT.name + ".ready").exists():
        made = request.getfixturevalue("django_db_setup")
        if _MUTMUT_SLOT is not None:
            Path(_MUTMUT_SLOT.name + ".ready").touch()
        yield made
        return
    name = settings.DATABASES["default"]["TEST"]["NAME"]
    connection = connections["default"]
    connection.close()
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
    yield


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
    if device is not None:
        second_factor_proven(request)  # the code of the sign-in (X-5 step-up counts it)
    session.save()
    return client


@pytest.fixture
def world(db):
    return factories.world()


@pytest.fixture
def client_for(db):
    return signed_in_client


@pytest.fixture
def attention_copies(settings):
    """The stored copies (the home page's attention lists, the trust's report and due dates) and
    their generations in the shared database cache, as in production (altprov/core/generations.py
    `stored_copy`); the other tests compute every page afresh."""
    settings.ATTENTION_CACHE = "shared"
    caches["shared"].clear()
    yield caches["shared"]
    caches["shared"].clear()
