"""Request body parsing for API v1: a bad body is a 400, never a 500."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

NOT_UTF8 = _("Text must be valid Unicode (UTF-8).")


def _encodable(data):
    """Whether every text in parsed JSON, keys included, can be written as UTF-8 (walked
    without recursion: the body may be nested as deep as the parser allows)."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                return False
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, plus a 400 for a body nested deeper than Python's recursion limit
    (`[` × 5000), which raised RecursionError, a 500, and for a lone surrogate
    (`"\\ud800"`): JSON allows the escape, but no database, log or response can hold it,
    and a field error that echoed it could not be rendered (a 500). The message names the
    field, never the text."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from None
        if _encodable(data):
            return data
        if isinstance(data, dict):
            for key, value in data.items():
                if _encodable(key) and not _encodable(value):
                    raise ValidationError({key: [NOT_UTF8]})
        raise ParseError(NOT_UTF8)
