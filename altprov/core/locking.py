"""Changes of state that must happen once: lock the record, re-read it, then check.

Two people (or one person pressing a button twice) can send the same request at the same moment.
Each request reads the record, finds it in the right state and changes it, so a placement starts
twice or a referral is decided twice. Every service that changes a state that must change once
therefore, inside its transaction and before any check:

    with transaction.atomic():
        lock(placement)          # SELECT ... FOR UPDATE, then the fields are read afresh
        if placement.status != Placement.Status.PLANNED:
            raise ValidationError("The placement has already started")
        ...

The second request waits at `lock` until the first commits, then sees the new state and is refused
with the service's own message. On PostgreSQL the lock is a row lock; SQLite (development and
tests) has no row locks, but its transactions begin IMMEDIATE (settings.py), so writers already
queue one after the other and the re-read sees the first writer's change.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, router, transaction

M = TypeVar("M", bound=models.Model)


def _check_in_transaction(model: type[models.Model]) -> str:
    using = router.db_for_write(model)
    if not transaction.get_connection(using).in_atomic_block:
        # A lock outside a transaction ends with the statement that took it: refuse, on every
        # database, so a service that forgets `transaction.atomic` fails in tests on SQLite too.
        raise transaction.TransactionManagementError(
            f"lock({model.__name__}) must be called inside transaction.atomic()"
        )
    return using


def lock(instance: M) -> M:
    """Locks `instance`'s row until the transaction ends and re-reads every field (and forgets
    cached related objects) so that the checks that follow see the state as committed. Returns
    the same object."""
    model = type(instance)
    using = _check_in_transaction(model)
    instance.refresh_from_db(
        using=using, from_queryset=model._base_manager.db_manager(using).select_for_update()
    )
    return instance


def lock_copy(instance: M) -> M:
    """As `lock`, but returns a fresh copy and leaves `instance` as it is (for a record that a
    form has already changed in memory)."""
    model = type(instance)
    using = _check_in_transaction(model)
    return model._base_manager.db_manager(using).select_for_update().get(pk=instance.pk)
