"""Plausibility flags (projects.plausibility): a report's cumulative figure falls, its month
is above the funds in place or beyond 3× the monthly plan, a photo's EXIF date is outside
the month or its EXIF position more than 5 km from the site. The photos are real JPEGs
whose EXIF (date, GPS) the test writes with Pillow.

Hand-worked world, 2023, the project at 35.760000 N 115.030000 E, annual plan 1,200 万元
(monthly plan 100, a jump is above 300), funds in place 200 + 100 = 300 万元:

- `odd` (April): 350 this month (350 > 300: jump; 350 > 300 funds: exceeds_funding),
  cumulative 4,800 below March's approved 5,000 (cumulative_decrease), a photo taken
  2023-03-28 (outside April) at 35.810000 N (0.05° north: 0.05 × 111.195 = 5.56 km > 5).
- `fine` (April): exactly 300 (not above 3 × 100 nor above the 300 in place), cumulative
  5,300, a photo taken 2023-04-30 23:30 (April, local time) at 35.800000 N (4.45 km), a
  photo without EXIF.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.roles import Role
from projects.photos import exif_facts
from projects.plausibility import FLAGS, flag_counts, flags_of, with_flags
from tests.admin.helpers import make_official
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    FundingFactory,
    PhotoFactory,
    ProgressReportFactory,
    ProjectFactory,
    official_user,
)

pytestmark = pytest.mark.django_db

SITE = (Decimal("35.760000"), Decimal("115.030000"))


def _dms(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), float(seconds))


def jpeg(taken=None, position=None, name="site.jpg"):
    """A real 32×24 JPEG with EXIF DateTimeOriginal (`taken`, "YYYY:MM:DD HH:MM:SS") and
    GPS (`position`, (lat, lon) in degrees) when given."""
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    if position:
        latitude, longitude = position
        exif.get_ifd(0x8825).update(
            {
                1: "N" if latitude >= 0 else "S",
                2: _dms(abs(latitude)),
                3: "E" if longitude >= 0 else "W",
                4: _dms(abs(longitude)),
            }
        )
    data = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(data, "JPEG", exif=exif)
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def test_exif_is_read_from_the_file_at_upload():
    photo = PhotoFactory(image=jpeg("2023:03:28 09:15:00", (35.81, 115.03)))
    photo.refresh_from_db()
    assert photo.taken_at == datetime.datetime(
        2023, 3, 28, 1, 15, tzinfo=datetime.UTC
    )  # 09:15 in Puyang (UTC+8)
    assert (photo.latitude, photo.longitude) == (Decimal("35.810000"), Decimal("115.030000"))
    bare = PhotoFactory(image=jpeg())
    bare.refresh_from_db()
    assert (bare.taken_at, bare.latitude, bare.longitude) == (None, None, None)


def test_exif_of_the_southern_and_western_hemispheres():
    facts = exif_facts(jpeg(position=(-33.8568, -70.6483)))
    assert (facts.latitude, facts.longitude) == (Decimal("-33.856800"), Decimal("-70.648300"))
    assert exif_facts(io.BytesIO(b"not an image")).taken_at is None


@pytest.fixture
def world():
    district = DistrictFactory(code="qingfeng", name="清丰县")
    other = DistrictFactory(code="nanle", name="南乐县")
    odd_project = ProjectFactory(district=district, latitude=SITE[0], longitude=SITE[1])
    fine_project = ProjectFactory(district=other, latitude=SITE[0], longitude=SITE[1])
    for project in (odd_project, fine_project):
        AnnualPlanFactory(project=project, year=2023, planned_investment=Decimal("1200"))
        FundingFactory(project=project, year=2023, secured=Decimal("200"), disbursed=0)
        FundingFactory(project=project, year=2023, kind="bank_loan", secured=100, disbursed=0)
        ProgressReportFactory(
            project=project,
            year=2023,
            month=3,
            approved=True,
            completed_investment=100,
            cumulative_investment=5000,
        )
    odd = ProgressReportFactory(
        project=odd_project,
        year=2023,
        month=4,
        submitted=True,
        completed_investment=Decimal("350"),
        cumulative_investment=Decimal("4800"),
    )
    PhotoFactory(
        project=odd_project,
        report=odd,
        image=jpeg("2023:03:28 09:15:00", (35.81, 115.03)),
        caption="基础施工",
    )
    fine = ProgressReportFactory(
        project=fine_project,
        year=2023,
        month=4,
        submitted=True,
        completed_investment=Decimal("300"),
        cumulative_investment=Decimal("5300"),
    )
    PhotoFactory(
        project=fine_project, report=fine, image=jpeg("2023:04:30 23:30:00", (35.80, 115.03))
    )
    PhotoFactory(project=fine_project, report=fine, image=jpeg())
    return {"district": district, "odd": odd, "fine": fine}


def test_each_flag_fires_on_its_evidence_and_not_at_the_limits(world):
    assert flags_of(world["odd"]) == list(FLAGS)
    assert flags_of(world["fine"]) == []
    odd = with_flags(type(world["odd"]).objects.filter(pk=world["odd"].pk)).get()
    assert odd.previous_cumulative == Decimal("5000")
    assert (odd.previous_year, odd.previous_month) == (2023, 3)
    assert odd.monthly_plan == Decimal("100") and odd.plan_multiple == 3.5
    assert odd.funds_in_place == Decimal("300")
    assert odd.year_plan == Decimal("1200")


def test_no_flag_without_the_figures_it_compares():
    project = ProjectFactory()  # no coordinates
    AnnualPlanFactory(project=project, year=2023, planned_investment=0)
    report = ProgressReportFactory(project=project, year=2023, month=4, completed_investment=900)
    PhotoFactory(project=project, report=report, image=jpeg(position=(40.0, 116.0)))
    # No earlier cumulative, no funding recorded, no plan, no site position, no EXIF date.
    assert flags_of(report) == []


def test_thresholds_come_from_the_settings(world, settings):
    settings.PLAUSIBILITY_JUMP_FACTOR = 4  # 350 ≤ 400
    settings.PLAUSIBILITY_PHOTO_KM = 6  # 5.56 km ≤ 6
    assert flags_of(world["odd"]) == [
        "cumulative_decrease",
        "exceeds_funding",
        "photo_outside_month",
    ]
    settings.PLAUSIBILITY_JUMP_FACTOR = 2.5  # 300 > 250
    settings.PLAUSIBILITY_PHOTO_KM = 4  # 4.45 km > 4
    assert flags_of(world["fine"]) == ["jump", "photo_far_from_site"]


def test_flags_counted_per_unit_by_the_database(world):
    rows = {
        row["project__district__code"]: row
        for row in flag_counts(
            type(world["odd"]).objects.filter(year=2023), by="project__district__code"
        )
    }
    assert rows["qingfeng"]["reports"] == 2 and rows["qingfeng"]["flagged_reports"] == 1
    assert all(rows["qingfeng"][code] == 1 for code in FLAGS)
    assert rows["nanle"]["reports"] == 2 and rows["nanle"]["flagged_reports"] == 0


def test_flags_in_the_api_and_its_filters(world, client):
    reviewer = official_user(Role.CITY_ADMIN)
    client.force_login(reviewer)
    url = "/api/v1/progress-reports/"
    response = client.get(url, {"year": 2023, "month": 4, "ordering": "completed_investment"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["flags"] for row in results] == [[], list(FLAGS)]
    assert [row["cumulative_investment"] for row in results] == ["5300.00", "4800.00"]
    flagged = client.get(url, {"year": 2023, "flagged": "true"}).json()["results"]
    assert [row["id"] for row in flagged] == [world["odd"].pk]
    jumps = client.get(url, {"year": 2023, "flag": "jump"}).json()["results"]
    assert [row["id"] for row in jumps] == [world["odd"].pk]
    assert client.get(url, {"flag": "nonsense"}).status_code == 400
    one = client.get(f"{url}{world['odd'].pk}/").json()
    assert one["flags"] == list(FLAGS)


def test_the_reviewer_sees_each_flag_with_its_evidence(world, client):
    client.force_login(official_user(Role.REVIEWER, world["district"]))
    page = client.get("/admin/review/").content.decode()
    card = page.split(f'id="r{world["odd"].pk}"')[1].split('id="bulk-form"')[0]
    assert 'data-flag="cumulative_decrease"' in card
    assert "4,800.00" in card and "5,000.00" in card
    assert 'data-flag="exceeds_funding"' in card and "300.00" in card
    assert 'data-flag="jump"' in card and "3.5" in card  # 350 ÷ 100
    assert 'data-flag="photo_outside_month"' in card and "2023-03-28" in card
    assert 'data-flag="photo_far_from_site"' in card and "5.6 公里" in card  # km


def test_flags_counted_per_unit_in_the_stats_api_and_on_the_district_page(world, client):
    """April 2023 (a live month): 清丰县 has two reports handed in (March approved, April
    submitted), one flagged with all five flags; 南乐县 two, none flagged. The public counts
    approved reports only: the March ones, unflagged."""
    client.force_login(official_user(Role.CITY_ADMIN))
    body = client.get("/api/v1/stats/report-flags/", {"year": 2023, "month": 4}).json()
    units = {row["district"]: row for row in body["results"]}
    assert units["qingfeng"] == {
        "district": "qingfeng",
        "name": "清丰县",
        "reports": 2,
        "flagged_reports": 1,
        **dict.fromkeys(FLAGS, 1),
    }
    assert (units["nanle"]["reports"], units["nanle"]["flagged_reports"]) == (2, 0)
    assert (body["city"]["reports"], body["city"]["flagged_reports"]) == (4, 1)
    assert body["city"]["jump"] == 1
    page = client.get("/districts/qingfeng/", {"year": 2023, "month": 4}).content.decode()
    assert '<td class="num" data-figure="flagged_reports">1 / 2</td>' in page
    client.logout()
    public = client.get("/api/v1/stats/report-flags/", {"year": 2023, "month": 4}).json()
    assert (public["city"]["reports"], public["city"]["flagged_reports"]) == (2, 0)
    # A reviewer's aid: the public's district page does not show (nor count) it.
    page = client.get("/districts/qingfeng/", {"year": 2023, "month": 4}).content.decode()
    assert 'data-figure="flagged_reports"' not in page


def test_the_reports_admin_page_shows_its_flags_with_the_evidence(world, client):
    client.force_login(make_official(Role.REVIEWER, world["district"]))
    page = client.get(f"/admin/projects/progressreport/{world['odd'].pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    for code in FLAGS:
        assert f'data-flag="{code}"' in text, code
    assert "4,800.00" in text and "2023-03-28" in text
    client.force_login(make_official(Role.CITY_ADMIN))
    fine = client.get(f"/admin/projects/progressreport/{world['fine'].pk}/change/")
    assert "data-flag=" not in fine.content.decode()
