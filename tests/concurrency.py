"""Running the same request at the same moment from several threads, each with its own database
connection, for the tests of changes that must happen once (issue 14, 1.5). Only PostgreSQL runs
such transactions side by side with row locks; the tests skip elsewhere."""

import threading

import pytest
from django.db import connection

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (concurrent transactions with row locks): set DATABASE_URL",
)


def simultaneously(calls) -> list:
    """Starts every call in `calls` in its own thread at the same moment (a barrier) and returns
    what each returned, in order; fails the test if any raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection to the test database

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results
