"""Amounts read as reports print them, grouped by thousands, in Chinese and in English."""

from decimal import Decimal

import pytest

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_are_grouped_by_thousands(client, language):
    project = ProjectFactory(code="big-1", total_investment=Decimal("1234567.50"))
    response = client.get(f"/projects/{project.code}/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert "1,234,567.50" in html
    assert "1234567.50" not in html
