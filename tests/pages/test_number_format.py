"""THE money rule (core.templatetags.figures.amount), worked out by hand, and on the pages.

Chinese: 亿元 from 1 亿 (= 10,000 万元) up, 万元 below; English: CNY billions from 10 亿
(= 100,000 万元) up, millions below (1 万元 = CNY 10,000). Two decimals, rounded half up,
thousands separators, never a bare number.
"""

from decimal import Decimal

import pytest
from django.utils import translation

from core.templatetags.figures import amount
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CASES = [
    # (万元, Chinese, English)
    (None, "—", "—"),
    ("0.00", "0.00 万元", "CNY 0.00 million"),
    ("50.00", "50.00 万元", "CNY 0.50 million"),
    ("1200.50", "1,200.50 万元", "CNY 12.01 million"),  # 12.005 rounds half up
    ("8800.00", "8,800.00 万元", "CNY 88.00 million"),
    ("9999.99", "9,999.99 万元", "CNY 100.00 million"),  # 99.9999 million
    ("10000.00", "1.00 亿元", "CNY 100.00 million"),
    ("10050.00", "1.01 亿元", "CNY 100.50 million"),  # 1.005 亿 rounds half up
    ("44416.00", "4.44 亿元", "CNY 444.16 million"),
    ("102416.00", "10.24 亿元", "CNY 1.02 billion"),
    ("100000.00", "10.00 亿元", "CNY 1.00 billion"),
    ("12345678.90", "1,234.57 亿元", "CNY 123.46 billion"),
    ("123456789012.34", "12,345,678.90 亿元", "CNY 1,234,567.89 billion"),
]


@pytest.mark.parametrize(("value", "chinese", "english"), CASES)
def test_the_money_rule(value, chinese, english):
    value = None if value is None else Decimal(value)
    with translation.override("zh-hans"):
        assert amount(value) == chinese
    with translation.override("en"):
        assert amount(value) == english


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "1,234.57 亿元"), ("en", "CNY 123.46 billion")]
)
def test_a_project_page_says_its_total_by_the_rule(client, language, expected):
    project = ProjectFactory(code="big-1", total_investment=Decimal("12345678.90"))
    response = client.get(f"/projects/{project.code}/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert expected in html
    assert "12345678.90" not in html and "12,345,678.90" not in html
