"""A lost race on a unique constraint answers with the model's own message, never a 500.

Validation checks uniqueness before the save; another request can save the same key in
between (20 parallel creates of one monthly report). The database refuses the second row
with an IntegrityError; checking the row again then finds the winner, and the model's own
message (its constraint's `violation_error_message`) explains the refusal.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def constraint_errors(instance):
    """The ValidationError of `instance`'s unique fields and constraints, or None."""
    errors = {}
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    return ValidationError(errors) if errors else None


def save_checked(instance, **kwargs):
    """Save `instance` in a savepoint; a lost race on a constraint is a ValidationError."""
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as exc:
        refusal = constraint_errors(instance)
        if refusal is None:
            raise
        raise refusal from exc
