"""Pages that span apps (portal/views.py): the overview, the district pages, the rankings."""

import re
from pathlib import Path

import pytest

from core.period import Period, resolve_period
from projects.models import Project
from stats.funding import funding_stats
from stats.problems import problem_stats
from stats.progress import district_progress
from tests.figures import unit_entry

from .conftest import assert_valid_html
from .data import YEAR
from .helpers import figure

pytestmark = pytest.mark.django_db


def test_overview_shows_the_city_figures_for_the_chosen_year(client, site):
    response = client.get(f"/?year={YEAR}")
    city = district_progress(period=resolve_period(YEAR))["city"]
    assert figure(response, "project_count") == str(city["project_count"])
    assert figure(response, "completion_rate") == f"{city['completion_rate']}%"
    assert figure(response, "points_ahead") == str(city["points_ahead"])
    html = response.content.decode()
    for unit in site["districts"]:
        assert f'href="/districts/{unit.code}/"' in html
    assert f"{site['projects'][-1].name}第3月主体施工" in html  # a latest approved report


def test_overview_defaults_to_the_latest_year_with_plans(client, site):
    assert client.get("/").context["year"] == YEAR


def test_rankings_order_units_as_the_formulas_module_does(client, site):
    response = client.get(f"/rankings/?year={YEAR}&month=3")
    assert response.status_code == 200
    expected = [row["name"] for row in district_progress(period=Period(YEAR, 3))["results"]]
    html = response.content.decode()
    table = re.search(r'<table class="data ranking stack">(.*?)</table>', html, re.S).group(1)
    shown = re.findall(r'<th scope="row"[^>]*><a href="/districts/[^"]+/">([^<]+)</a>', table)
    assert shown == expected
    assert "@media print" in Path("static/css/site.css").read_text()


@pytest.mark.parametrize("query", ["month=13", "year=abc", "year=1900"])
def test_rankings_bad_period_is_a_form_error(client, site, query):
    response = client.get(f"/rankings/?{query}")
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_district_page_figures_projects_and_rounds(client, site):
    district = site["districts"][0]
    response = client.get(f"/districts/{district.code}/?year={YEAR}")
    assert response.status_code == 200
    assert_valid_html(response.content)
    row = unit_entry(district_progress(period=resolve_period(YEAR)), district)
    assert figure(response, "completion_rate") == f"{row['completion_rate']}%"
    problems = problem_stats(period=resolve_period(YEAR), district=district)
    rate = problems["resolution_rate"]
    assert figure(response, "resolution_rate") == ("—" if rate is None else f"{rate}%")
    funding = funding_stats(period=resolve_period(YEAR), district=district)
    assert figure(response, "disbursement_rate") == f"{funding['disbursement_rate']}%"
    html = response.content.decode()
    published = Project.objects.public().filter(district=district)
    for project in published:
        assert f'href="/projects/{project.code}/"' in html
    assert site["hidden"].code not in html
    assert site["round"].code in html


def test_city_page_shows_city_wide_figures(client, site):
    response = client.get(f"/districts/{site['city'].code}/?year={YEAR}")
    assert response.status_code == 200
    city = district_progress(period=resolve_period(YEAR))["city"]
    assert figure(response, "project_count") == str(city["project_count"])


def test_unknown_district_is_404(client, site):
    response = client.get("/districts/atlantis/")
    assert response.status_code == 404
    assert_valid_html(response.content)
