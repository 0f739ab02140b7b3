"""Field validators shared by every app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_photo_size(file):
    """Refuse photos over MAX_PHOTO_BYTES (ImageField already checks it is a real image)."""
    limit = settings.MAX_PHOTO_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The photo is %(size).1f MB; the limit is %(limit).1f MB."),
            code="photo_too_large",
            params={"size": file.size / 1048576, "limit": limit / 1048576},
        )
