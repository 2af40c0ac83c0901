import pytest
from django.db import connections


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the test database is named after the one DATABASE_URL names plus
    "_pytest" (not pytest-django's "test_" prefix), so a branch's databases keep its prefix."""
    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"].endswith("postgresql"):
        settings_dict.setdefault("TEST", {})["NAME"] = f"{settings_dict['NAME']}_pytest"
