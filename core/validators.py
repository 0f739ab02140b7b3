"""Field validators and strict parsing of request input, shared by every app."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def whole_number(value):
    """`value` (text from a request) as an int if it is 1 to 18 ASCII digits, else None.

    str.isdigit() also accepts '²' and '①', which int() refuses (a 500), and int() takes
    ' 7', '1_0' and Arabic-Indic digits; 18 digits fit any integer column and int().
    """
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def parse_day(value):
    """`value` (text from a request) as a date if it is exactly YYYY-MM-DD, else None."""
    if not (isinstance(value, str) and value.isascii() and len(value) == 10):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


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


# Seven or more digits, however grouped: a phone number (0393-8881234, 139 0000 0000).
PHONE_NUMBER = re.compile(r"\d(?:[\s-]?\d){6,}")


def validate_no_phone_number(value):
    """A public text (a project's leader in charge) carries no phone number: phones are
    private (DESIGN.md "Roles")."""
    if PHONE_NUMBER.search(value or ""):
        raise ValidationError(
            _("This is shown to the public: give a name and post, not a phone number."),
            code="phone_in_public_field",
        )


def validate_not_future(value):
    """A date something happened on (a start, a visit, an approval) is not after today, the
    city's (TIME_ZONE): 2032 for 2023 would count as done what has not happened."""
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="future_date")


def validate_due_date(value):
    """A due date is at most two years from today: 9999-12-31 is a typo, and a problem put
    off further than that is not being handled."""
    today = timezone.localdate()
    try:
        limit = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + 2, day=28)
    if value and value > limit:
        raise ValidationError(
            _("A due date can be at most two years from today."), code="due_date_too_far"
        )
