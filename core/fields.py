"""Model fields shared by every app."""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .validators import normalize_credit_code, validate_credit_code


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


def degrees_field(verbose_name, limit):
    """A latitude (`limit` 90) or longitude (180) in decimal degrees, to about 10 cm; optional."""
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
    )


def actor_field(verbose_name, **kwargs):
    """Who did something to a row (created, edited, submitted, reviewed it): a login, kept
    empty when that login is deleted, with no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class CreditCodeField(models.CharField):
    """A unified social credit code: checked (GB 32100-2015) and kept in one form, compact
    and upper case, whichever way it came in (forms, API, import, code)."""

    default_validators = [validate_credit_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalize_credit_code(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalize_credit_code(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


@deconstructible
class RandomName:
    """`upload_to` that stores a file as `<folder>/YYYY/MM/<random>.<ext>`: the uploader's
    own file name can be guessed, or say too much."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = Path(filename).suffix.lower()
        return f"{self.folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"
