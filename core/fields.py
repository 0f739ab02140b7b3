"""Model fields shared by every app."""

import uuid
from decimal import Decimal
from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible


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


@deconstructible
class RandomName:
    """`upload_to` that stores a file as `<folder>/YYYY/MM/<random>.<ext>`: the uploader's
    own file name can be guessed, or say too much."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = Path(filename).suffix.lower()
        return f"{self.folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"
