"""Helpers shared by the whole suite (its fixtures live in conftest.py)."""

import pytest
from django.db import IntegrityError, connection, transaction


def integrity_error(factory, **kwargs):
    """Creating a row with `kwargs` is refused by a database constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def shared_rows(build):
    """A module-scoped fixture: the rows `build()` makes, built once for the module in a
    transaction rolled back after its last test. Tests do not request it: they request a
    function fixture returning `copy.deepcopy()` of it with `db`, so that what one test changes,
    in the database or in the objects, the next one does not see. A module uses one such set."""

    @pytest.fixture(scope="module")
    def rows(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            assert not connection.in_atomic_block, "one set of shared rows per module"
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    rows.__doc__ = f"The rows of {build.__qualname__}(), shared by a module's tests."
    return rows
