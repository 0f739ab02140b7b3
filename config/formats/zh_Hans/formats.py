"""Chinese number formats as government reports print amounts: 592,000.00 万元; months as
"2023 年 5 月" (core.period.month_label, the one month format of every face).

Django's zh_Hans formats group nothing; only the separators differ from them here. Used
where a template asks for grouping (`floatformat:"2g"`), never for years or codes.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
YEAR_MONTH_FORMAT = "Y 年 n 月"
