"""The admin's change history as an official reads it (django-simple-history's page)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


class ReadableChangeHelper(HistoricalRecordContextHelper):
    """Old → new values: an empty link reads "—", not simple_history's "Deleted 用户
    (pk=None)" (a link that was never set is not a deleted row), and times are shown in
    the site's time zone (TIME_ZONE), not as UTC."""

    def prepare_delta_change_value(self, change, value):
        if value is None or (isinstance(value, DeletedObject) and value.pk is None):
            return EMPTY
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().prepare_delta_change_value(change, value)
