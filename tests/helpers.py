"""Assertions shared by the whole suite (fixtures live in conftest.py)."""

import pytest
from django.db import IntegrityError, transaction


def integrity_error(factory, **kwargs):
    """Creating a row with `kwargs` is refused by a database constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)
