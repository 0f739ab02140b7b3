"""A support kind's figures by hand on a small world (issue 19, point 7): an enterprise
given the same kind twice counts once among the enterprises and twice among the records, and
each figure's link lists exactly its rows. (Apart from test_campaign_links.py, whose tests
read the committed demo: a module's shared world and the demo do not mix.)"""

from decimal import Decimal

import pytest
from django.test import Client

from enterprises.choices import SupportKind
from tests.factories import SupportFactory

from .test_one_truth import rows

pytestmark = pytest.mark.django_db


def test_an_enterprise_given_a_kind_twice_counts_once_and_its_rows_twice(varied_world):
    """By hand: 华龙区's enterprise has a loan (500 万元, 2022-07-01) and gets a second one
    (300 万元, 2022-09-01); 经开区's gets one (200 万元, 2022-03-01) and one in 2023 (not
    counted in 2022). Loans in 2022: 2 enterprises, 3 records, 1,000 万元."""
    w = varied_world
    for enterprise, amount_, day in [
        (w.hualong.enterprise, "300.00", "2022-09-01"),
        (w.jingkai.enterprise, "200.00", "2022-03-01"),
        (w.jingkai.enterprise, "100.00", "2023-01-05"),
    ]:
        SupportFactory(
            enterprise=enterprise, kind=SupportKind.LOAN, amount=Decimal(amount_), granted_on=day
        )
    client = Client()
    campaign = client.get("/api/v1/stats/campaign/", {"year": 2022}).json()
    loans = {k["kind"]: k for k in campaign["support"]}["loan"]
    assert (loans["enterprises"], loans["count"], loans["amount"]) == (2, 3, "1000.00")
    enterprises = rows(client, loans["links"]["enterprises"])
    assert {row["credit_code"] for row in enterprises} == {
        w.hualong.enterprise.credit_code,
        w.jingkai.enterprise.credit_code,
    }
    assert len(rows(client, loans["links"]["rows"])) == 3
