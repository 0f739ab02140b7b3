"""No list page issues a query per row: the count is the same at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import District
from projects.models import Round
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
)

from .data import YEAR, build_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

LIST_PAGES = [
    f"/?year={YEAR}",
    "/projects/?page_size=100",
    "/projects/?page_size=100&district=hualong&ordering=-name",
    "/rounds/",
    "/rounds/?district=hualong",
    "/map/?page_size=100",
    "/screen/",
    f"/rankings/?year={YEAR}",
    f"/districts/hualong/?year={YEAR}",
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_rows():
    """Four times the projects, three more units, more reports and round entries."""
    hualong = District.objects.get(code="hualong")
    round_ = Round.objects.get()
    for unit in [hualong, *DistrictFactory.create_batch(3)]:
        for project in ProjectFactory.create_batch(12, district=unit):
            AnnualPlanFactory(project=project, year=YEAR)
            ProgressReportFactory(project=project, year=YEAR, month=2, approved=True)
            RoundEntryFactory(round=round_, project=project)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_query_count_does_not_grow_with_rows(client, url):
    build_site(projects_per_unit=2, units=2)
    small = queries(client, url)
    add_rows()
    big = queries(client, url)
    assert big == small, (small, big)
    # A page of figures: each figure group is a query or two (the district page: 34, with its
    # 前期手续 board and 要素保障 totals).
    assert big <= 34, big
