"""Model fields shared by every app."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


def money_field(verbose_name, **kwargs):
    """An amount in 万元: exact decimal, 14 digits with 2 decimals, never negative."""
    kwargs.setdefault("default", Decimal("0"))
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )
