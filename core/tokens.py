"""API tokens: one per user and client system, revoked when the user's credentials change."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.settings import knox_settings

from .models import ApiToken


@transaction.atomic
def api_token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token of `user` for the client system `name`, valid `days` (default
    REST_KNOX's TOKEN_TTL); it replaces the user's token of that name. Returns the token and
    its key, which is never stored and cannot be shown again."""
    if not user.is_active:
        raise ValidationError(_("%(user)s is deactivated.") % {"user": user.get_username()})
    if days is not None and days < 1:
        raise ValidationError(_("A token is valid for at least one day."))
    ttl = datetime.timedelta(days=days) if days else knox_settings.TOKEN_TTL
    ApiToken.objects.filter(user=user, name=name).delete()
    return ApiToken.objects.create(user=user, name=name, expiry=ttl)


def revoke_tokens_on_credential_change(sender, instance, update_fields=None, **kwargs):
    """pre_save of the user model: a new password or a deactivation ends every API token.

    A stolen token must not outlive the password reset that answers the theft. (A password
    rehashed on login after a hasher upgrade counts as a change too: the safe side.)
    """
    if instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    stored = get_user_model().objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["password"] != instance.password or (stored["is_active"] and not instance.is_active):
        ApiToken.objects.filter(user_id=instance.pk).delete()
