"""The API's rate limit is one budget per token however many web processes serve it (issue 10):
in production the throttle counts in the "shared" database cache. Two real gunicorn processes
sharing one budget: tests/ops/test_processes.py (PostgreSQL)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from altprov.api.throttling import PerClientThrottle
from tests.api.helpers import token_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_throttle(settings):
    settings.API_THROTTLE_CACHE = "shared"
    settings.API_RATE = "3/minute"
    caches["shared"].clear()
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield
    caches["shared"].clear()


def calls(client: Client, n: int) -> list[int]:
    return [client.get("/api/v1/providers/").status_code for _ in range(n)]


def test_two_clients_with_one_token_share_one_budget_in_the_database_cache(world, shared_throttle):
    _, token = token_for(world, school=world.school_a1)
    first = Client(headers={"Authorization": f"Bearer {token}"})
    second = Client(headers={"Authorization": f"Bearer {token}"})
    assert calls(first, 2) == [200, 200]
    assert calls(second, 2) == [200, 429]  # the third call of the minute, then refused
    assert calls(first, 1) == [429]
    # Another token has its own budget.
    _, other = token_for(world, school=world.school_a1)
    assert calls(Client(headers={"Authorization": f"Bearer {other}"}), 1) == [200]


def test_the_count_is_a_row_of_the_cache_table_not_process_memory(world, shared_throttle):
    api_client, token = token_for(world, school=world.school_a1)
    calls(Client(headers={"Authorization": f"Bearer {token}"}), 2)
    # A fresh cache object (as another process has) reads the same two calls from the table.
    fresh = caches.create_connection("shared")
    key = PerClientThrottle.cache_format % {"scope": "api_client", "ident": api_client.pk}
    assert len(fresh.get(key)) == 2
    assert caches["default"].get(key) is None  # not the per-process cache


def test_the_throttle_uses_the_cache_the_settings_name(settings):
    settings.API_THROTTLE_CACHE = "shared"
    assert PerClientThrottle().cache is caches["shared"]
    settings.API_THROTTLE_CACHE = "default"
    assert PerClientThrottle().cache is caches["default"]


def test_production_settings_count_the_api_calls_in_the_database_cache():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "altprov.example.org",
        "ALTPROV_TESTING": "0",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.API_THROTTLE_CACHE, s.CACHES[s.API_THROTTLE_CACHE]['BACKEND'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "altprov.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["shared", "django.core.cache.backends.db.DatabaseCache"]
