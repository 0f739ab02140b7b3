"""Field validators shared by every app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def normalize_credit_code(value):
    """A unified social credit code as stored and looked up: no spaces or dashes, upper case
    (stdnum's `compact`). Every path a code comes in by (model, forms, API, import) uses it."""
    return uscc.compact(value or "")


def validate_credit_code(value):
    """The 18-character unified social credit code (GB 32100-2015), check character included."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code."),
            code="invalid_credit_code",
            params={"value": value},
        ) from exc


def validate_photo_size(file):
    """Refuse photos over MAX_PHOTO_BYTES (ImageField already checks it is a real image)."""
    limit = settings.MAX_PHOTO_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The photo is %(size).1f MB; the limit is %(limit).1f MB."),
            code="photo_too_large",
            params={"size": file.size / 1048576, "limit": limit / 1048576},
        )
