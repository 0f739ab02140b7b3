"""Chinese number formats as government reports print amounts: 592,000.00 万元.

Django's zh_Hans formats group nothing; only the separators differ from them here. Used
where a template asks for grouping (`floatformat:"2g"`), never for years or codes.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
