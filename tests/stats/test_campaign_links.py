"""Every campaign figure links to exactly the rows that make it (issue 19, point 7), on the
Puyang demo in 2022: each support kind's "N enterprises" lists those N enterprises and its
"M records, amount" those M support rows summing to the amount; the approval items done and
late link (for officials) to the admin's list of exactly those items. The district page
carries the same links as the statistics."""

import html
import re
from decimal import Decimal

import pytest
from django.test import Client

from core.roles import Role
from districts.models import District
from tests.admin.helpers import client_for, make_official

from .test_one_truth import demo, rows  # noqa: F401

pytestmark = pytest.mark.django_db


def test_each_support_figure_links_to_its_enterprises_and_its_rows(demo):  # noqa: F811
    client = Client()
    for district in [None, *District.objects.units()]:
        query = {"year": 2022, **({"district": district.code} if district else {})}
        campaign = client.get("/api/v1/stats/campaign/", query).json()
        for kind in campaign["support"]:
            enterprises = rows(client, kind["links"]["enterprises"])
            assert len(enterprises) == kind["enterprises"], (district, kind["kind"])
            records = rows(client, kind["links"]["rows"])
            assert len(records) == kind["count"], (district, kind["kind"])
            given = [Decimal(row["amount"]) for row in records if row["amount"] is not None]
            assert sum(given, Decimal("0.00")) == Decimal(kind["amount"] or "0")
            assert {row["enterprise"] for row in records} == {
                row["credit_code"] for row in enterprises
            }
    jingkai = client.get("/api/v1/stats/campaign/", {"year": 2022, "district": "jingkai"})
    awards = {k["kind"]: k for k in jingkai.json()["support"]}["subsidy"]
    # The article's 19 enterprises given awards: the link lists those 19, no assignment rows.
    assert len(rows(client, awards["links"]["enterprises"])) == 19


def test_approval_items_done_and_late_link_to_exactly_those_items(demo):  # noqa: F811
    city_admin = client_for(make_official(Role.CITY_ADMIN, username="links-admin"))
    checked = 0
    for year, district in [(y, d) for y in (2022, 2023) for d in [None, *District.objects.units()]]:
        query = {"year": year, **({"district": district.code} if district else {})}
        campaign = city_admin.get("/api/v1/stats/campaign/", query).json()
        for figure in ("approvals_done", "approvals_late"):
            listed = city_admin.get(campaign["links"][figure])
            assert listed.status_code == 200, campaign["links"][figure]  # no ?e=1 redirect
            assert listed.context["cl"].result_count == campaign[figure], (district, figure)
        checked += campaign["approvals_late"]
    assert checked > 0  # the demo has late items: the late filter is tried on real rows
    assert Client().get("/api/v1/stats/campaign/", {"year": 2022}).json()["links"] is None


def test_the_district_page_links_each_figure_to_its_rows(demo):  # noqa: F811
    city_admin = client_for(make_official(Role.CITY_ADMIN, username="page-admin"))
    page = city_admin.get("/districts/jingkai/", {"year": 2022}).content.decode()
    cell = re.search(r'data-figure="support-subsidy">(.*?)</td>', page, re.S).group(1)
    enterprises = html.unescape(re.search(r'href="([^"]+)" data-rows="enterprises"', cell)[1])
    assert len(rows(city_admin, enterprises)) == 19
    approvals = re.search(r'data-figure="approvals">(.*?)</td>', page, re.S).group(1)
    done_url, late_url = (html.unescape(url) for url in re.findall(r'href="([^"]+)"', approvals))
    done, late = re.sub(r"<[^>]+>", "", approvals).split(" / ")
    assert city_admin.get(done_url).context["cl"].result_count == int(done)
    assert city_admin.get(late_url).context["cl"].result_count == int(late)
