"""Published months (DESIGN.md "Published months"), from the outside: closing a month
publishes it, nothing but the 补报 route writes to it afterwards, a late report's approval
publishes version 2 with its record while version 1 stays readable, every face counts as of
the month's last day, and the bulletin documents carry the version's figures.

The data, worked by hand (2023, March closed, April open):
- 华龙区 P1: plan 12,000 万元, approved 1,000 in each of Jan, Feb, Mar → 3,000, 25.0 %,
  schedule 25.0 %, 0.0 points: green.
- 经开区 P2: plan 10,000, approved 500 in Jan and Feb, nothing in March → 1,000, 10.0 %,
  −15.0 points: yellow. City: 4,000 of 22,000 = 18.2 %, −6.8 points.
- 补报 for P2 March, 2,000 → 经开区 3,000, 30.0 %, +5.0 points, green, rank 1; city 6,000,
  27.3 %, +2.3 points.
"""

import datetime
import io
import re
from decimal import Decimal

import docx
import pypdf
import pytest
import tablib
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.formulas import forecast
from core.models import PeriodStatus, PeriodVersion, ReportingPeriod
from core.roles import Role
from core.tokens import api_token_create
from districts.models import DistrictKind
from enterprises.choices import ProblemStatus
from projects.choices import ReportStatus, Stage
from projects.models import Photo, ProgressReport
from projects.resources import ProgressReportResource
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    MilestoneFactory,
    PhotoFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
)

REPORTS = "/api/v1/progress-reports/"
PERIODS = "/api/v1/reporting-periods/"
MARCH = {"year": 2023, "month": 3}


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='t')[1]}")
    return client


def report(project, month, amount, **fields):
    return ProgressReportFactory(
        project=project,
        year=2023,
        month=month,
        completed_investment=Decimal(amount),
        status=ReportStatus.APPROVED,
        **fields,
    )


@pytest.fixture
def city(db):
    """The data of the module docstring, March still open; the officials who act on it."""
    DistrictFactory(code="puyang", name="濮阳市", kind=DistrictKind.CITY, order=0)
    hualong = DistrictFactory(code="hualong", name="华龙区", order=1)
    jingkai = DistrictFactory(code="jingkai", name="经开区", order=2)
    started = {"stage": Stage.UNDER_CONSTRUCTION, "actual_start": datetime.date(2022, 3, 1)}
    p1 = ProjectFactory(code="hl-1", name="华龙区氢能项目", district=hualong, **started)
    p2 = ProjectFactory(code="jk-1", name="经开区新材料项目", district=jingkai, **started)
    p3 = ProjectFactory(code="hl-2", name="华龙区装备项目", district=hualong, **started)
    AnnualPlanFactory(project=p1, year=2023, planned_investment=Decimal("12000"))
    AnnualPlanFactory(project=p2, year=2023, planned_investment=Decimal("10000"))
    for month in (1, 2, 3):
        report(p1, month, "1000")
    for month in (1, 2):
        report(p2, month, "500")
    ReportingPeriod.objects.create(year=2023, month=3)
    ReportingPeriod.objects.create(year=2023, month=4)
    users = {
        "city_admin": make_official(Role.CITY_ADMIN),
        "reporter": make_official(Role.REPORTER, hualong),
        "reviewer": make_official(Role.REVIEWER, hualong),
        "jk_reviewer": make_official(Role.REVIEWER, jingkai),
    }
    return {"hualong": hualong, "jingkai": jingkai, "p1": p1, "p2": p2, "p3": p3, **users}


def close_march(city):
    response = api(city["city_admin"]).post(f"{PERIODS}2023-03/close/")
    assert response.status_code == 200, response.content
    return response.json()


def districts(client=None, **query):
    client = client or APIClient()
    body = client.get("/api/v1/stats/districts/", {**MARCH, **query}).json()
    return body, {row["district"]: row for row in body["results"]}


def test_closing_publishes_version_1_and_every_face_reads_it(city):
    before, _ = districts()
    assert before["version"] is None  # closed months are published only by closing
    assert close_march(city)["version"] == 1
    body, rows = districts()
    assert (body["version"], body["as_of"]) == (1, "2023-03-31")
    assert body["city"]["completed_investment"] == "4000.00"
    assert body["city"]["completion_rate"] == 18.2 and body["city"]["points_ahead"] == -6.8
    assert (rows["hualong"]["completed_investment"], rows["hualong"]["rank"]) == ("3000.00", 1)
    assert (rows["jingkai"]["completed_investment"], rows["jingkai"]["rank"]) == ("1000.00", 2)
    # A figure of the published month no longer follows the records: a plan changed later
    # moves nothing.
    city["p1"].annual_plans.update(planned_investment=Decimal("6000"))
    assert districts()[1]["hualong"]["completion_rate"] == 25.0
    page = Client().get("/rankings/", MARCH)
    assert page.status_code == 200
    assert page.context["period"].version == 1
    assert 'data-version="1"' in page.content.decode()
    lights = APIClient().get("/api/v1/stats/warnings/", MARCH).json()
    assert (lights["city"]["green"], lights["city"]["yellow"]) == (1, 1)
    assert Client().get("/rankings/bulletin/2023-04.pdf").status_code == 404  # not published
    # Every district a query may name has its figures stored, the city's own too.
    for code in ("hualong", "puyang"):
        query = {**MARCH, "district": code}
        assert APIClient().get("/api/v1/stats/problems/", query).json()["version"] == 1


def test_a_published_month_is_not_reopened(city):
    close_march(city)
    response = api(city["city_admin"]).post(f"{PERIODS}2023-03/open/")
    assert response.status_code == 400
    assert ReportingPeriod.objects.get(**MARCH).status == PeriodStatus.CLOSED
    period = APIClient().get(f"{PERIODS}2023-03/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert period["status_label"] == "已关闭"  # a month, not a problem (已销号)


def test_no_side_door_writes_to_a_closed_month(city):
    """API create, update, submit and approve; the admin's report form; the photo admin;
    the workbench: after the city closes March, none of them writes to March."""
    draft = ProgressReportFactory(project=city["p3"], **MARCH, status=ReportStatus.DRAFT)
    submitted = ProgressReportFactory(
        project=city["p3"], year=2023, month=2, status=ReportStatus.SUBMITTED
    )
    ReportingPeriod.objects.create(year=2023, month=2, status=PeriodStatus.CLOSED)
    close_march(city)
    reporter, reviewer = api(city["reporter"]), api(city["reviewer"])
    new = {"project": "hl-1", **MARCH, "completed_investment": "5.00"}
    ProgressReport.objects.filter(project=city["p1"], **MARCH).delete()  # room for a new one
    assert reporter.post(REPORTS, new, format="json").status_code == 400
    patched = reporter.patch(f"{REPORTS}{draft.pk}/", {"completed_investment": "7.00"})
    assert patched.status_code == 400
    assert "month" in patched.json()
    assert reporter.post(f"{REPORTS}{draft.pk}/submit/").status_code == 400
    assert reviewer.post(f"{REPORTS}{submitted.pk}/approve/").status_code == 400
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.status, draft.completed_investment) == (ReportStatus.DRAFT, Decimal("1000.00"))
    assert submitted.status == ReportStatus.SUBMITTED
    # The admin's report form.
    page = client_for(city["reporter"]).post(
        admin_url(ProgressReport, "change", draft.pk),
        {"project": city["p3"].pk, **MARCH, "completed_investment": "8.00", "narrative": ""},
    )
    assert page.status_code in (200, 403)
    draft.refresh_from_db()
    assert draft.completed_investment == Decimal("1000.00")
    # The workbench.
    page = client_for(city["reporter"]).post(
        "/admin/workbench/?period=2023-03",
        {
            "project": city["p3"].pk,
            f"p{city['p3'].pk}-completed_investment": "9.00",
            "action": "save",
        },
    )
    draft.refresh_from_db()
    assert draft.completed_investment == Decimal("1000.00")
    # An import: a row for the closed month, and one over the draft, are both refused.
    rows = [["hl-1", 2023, 3, "5.00"], ["hl-2", 2023, 3, "6.00"]]
    dataset = tablib.Dataset(*rows, headers=["project", "year", "month", "completed_investment"])
    result = ProgressReportResource(user=city["reporter"]).import_data(dataset)
    assert [row.number for row in result.invalid_rows] == [1, 2]
    assert all("Month" in row.field_specific_errors for row in result.invalid_rows)
    draft.refresh_from_db()
    assert draft.completed_investment == Decimal("1000.00")
    assert not ProgressReport.objects.filter(project=city["p1"], **MARCH).exists()
    assert PeriodVersion.objects.filter(period__month=3).count() == 1


def test_an_approved_reports_photos_are_read_only_in_the_photo_admin(city):
    approved = ProgressReport.objects.get(project=city["p1"], **MARCH)
    photo = PhotoFactory(project=city["p1"], report=approved)
    for user in (city["reporter"], city["city_admin"]):
        client = client_for(user)
        with open(photo.image.path, "rb") as image:
            added = client.post(
                admin_url(Photo, "add"),
                {
                    "project": city["p1"].pk,
                    "report": approved.pk,
                    "image": image,
                    "caption": "补拍",
                    "order": 1,
                },
            )
        assert added.status_code == 200  # the form again, with its error
        assert "read-only" in added.content.decode()
        assert (
            client.get(admin_url(Photo, "change", photo.pk)).context["has_change_permission"]
            is False
        )
        assert client.post(admin_url(Photo, "delete", photo.pk), {"post": "yes"}).status_code == 403
        client.post(
            admin_url(Photo),
            {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"},
        )
    assert list(approved.photos.all()) == [photo]


def late_report(city, amount="2000.00"):
    """The 补报 route: a city administrator files and submits, a reviewer approves."""
    admin = api(city["city_admin"])
    filed = admin.post(
        REPORTS, {"project": "jk-1", **MARCH, "completed_investment": amount}, format="json"
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["is_late"] is True
    pk = filed.json()["id"]
    assert admin.post(f"{REPORTS}{pk}/submit/").status_code == 200
    assert api(city["jk_reviewer"]).post(f"{REPORTS}{pk}/approve/").status_code == 200
    return pk


def test_a_late_report_publishes_version_2_and_version_1_stays(city):
    close_march(city)
    pk = late_report(city)
    body, rows = districts()
    assert body["version"] == 2
    assert (rows["jingkai"]["completed_investment"], rows["jingkai"]["rank"]) == ("3000.00", 1)
    assert (rows["jingkai"]["completion_rate"], rows["jingkai"]["points_ahead"]) == (30.0, 5.0)
    assert body["city"]["completed_investment"] == "6000.00"
    assert (body["city"]["completion_rate"], body["city"]["points_ahead"]) == (27.3, 2.3)
    first, rows_1 = districts(version=1)
    assert first["version"] == 1 and rows_1["jingkai"]["completed_investment"] == "1000.00"
    assert APIClient().get("/api/v1/stats/districts/", {**MARCH, "version": 3}).status_code == 400

    revisions = APIClient().get(f"{PERIODS}2023-03/revisions/").json()
    assert [r["version"] for r in revisions] == [1, 2] and revisions[0]["changes"] == []
    changes = {(c["scope"], c["code"], c["figure"]): c for c in revisions[1]["changes"]}
    unit = changes["district", "jingkai", "completed_investment"]
    assert (unit["old"], unit["new"], unit["reports"]) == ("1000.00", "3000.00", [pk])
    assert (
        changes["district", "jingkai", "rank"]["old"],
        changes["district", "jingkai", "rank"]["new"],
    ) == (2, 1)
    assert changes["district", "hualong", "rank"]["new"] == 2
    assert changes["city", None, "completed_investment"]["new"] == "6000.00"
    project = changes["project", "jk-1", "warning"]
    assert (project["old"], project["new"], project["reports"]) == ("yellow", "green", [pk])
    assert ("district", "hualong", "completed_investment") not in changes
    assert APIClient().get(f"{PERIODS}2023-03/").json()["version"] == 2

    rankings = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rankings/", MARCH)
    text = rankings.content.decode()
    assert 'id="revisions"' in text and "CNY 10.00 million → CNY 30.00 million" in text
    old = Client().get("/rankings/", {**MARCH, "version": 1})
    jingkai = next(r for r in old.context["progress"]["results"] if r["district"] == "jingkai")
    assert jingkai["completed_investment"] == Decimal("1000.00")
    assert Client().get("/rankings/", {**MARCH, "version": 7}).status_code == 404


def docx_text(content):
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_bulletin_documents_carry_each_versions_figures(city):
    close_march(city)
    late_report(city)
    client = Client()
    first = client.get("/rankings/bulletin/2023-03.docx", {"version": 1})
    assert first.status_code == 200
    assert first["Content-Disposition"].endswith('bulletin-2023-03-v1.docx"')
    text = docx_text(first.content)
    assert "第 1 期" in text and "1,000.00 万元" in text and "3,000.00 万元" in text
    second = docx_text(client.get("/rankings/bulletin/2023-03.docx").content)
    assert "第 2 版" in second and "6,000.00 万元" in second  # the city's, revised
    pdf = client.get("/rankings/bulletin/2023-03.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    pdf_text = "".join(page.extract_text() for page in pages)
    assert "第 1 期" in pdf_text and f"第 1 页 共 {len(pages)} 页" in pdf_text
    assert "6,000.00 万元" in pdf_text and "经开区 完成投资 1,000.00 万元 3,000.00 万元" in pdf_text
    again = client.get("/rankings/bulletin/2023-03.pdf", HTTP_IF_NONE_MATCH=pdf["ETag"])
    assert again.status_code == 304
    assert client.get("/rankings/bulletin/2023-03.pdf", {"version": "²"}).status_code == 404


def overdue_on_march_31(district):
    """A problem due 20 March and resolved 10 May: overdue on 31 March, done today."""
    return ProblemFactory(
        district=district,
        raised_on=datetime.date(2023, 3, 1),
        due_date=datetime.date(2023, 3, 20),
        status=ProblemStatus.RESOLVED,
        accepted_on=datetime.date(2023, 3, 2),
        resolved_on=datetime.date(2023, 5, 10),
        resolution="已解决。",
    )


def test_overdue_figures_stand_at_the_months_end_on_every_face(city):
    """Today (2026) one problem and one milestone of March are done and two others are
    overdue; on 31 March the first were overdue and the others not yet raised or due."""
    hualong = city["hualong"]
    overdue_on_march_31(hualong)
    for _ in range(2):
        ProblemFactory(
            district=hualong,
            raised_on=datetime.date(2023, 4, 5),
            due_date=datetime.date(2023, 4, 10),
        )
    MilestoneFactory(
        project=city["p1"],
        planned_date=datetime.date(2023, 3, 10),
        actual_date=datetime.date(2023, 6, 1),
    )
    for day in (1, 2):
        MilestoneFactory(project=city["p1"], planned_date=datetime.date(2023, 12, day))
    close_march(city)
    problems = APIClient().get("/api/v1/stats/problems/", {**MARCH, "district": "hualong"}).json()
    assert (problems["raised"], problems["overdue"], problems["as_of"]) == (1, 1, "2023-03-31")
    home = Client().get("/", MARCH)
    assert home.context["problems"]["overdue"] == 1
    page = Client().get("/districts/hualong/", MARCH)
    assert page.context["problems"]["overdue"] == 1
    assert page.context["milestones"]["overdue"] == 1
    admin_home = client_for(city["city_admin"]).get("/admin/")
    row = next(
        r
        for r in admin_home.context["dashboard"]["home"]["table"]["rows"]
        if r["district"] == hualong
    )
    assert (row["problems"], row["milestones"]) == (1, 1)
    cards = {
        c["key"]: c["count"]
        for c in client_for(city["reporter"]).get("/admin/").context["dashboard"]["cards"]
    }
    assert (cards["problems_overdue"], cards["milestones_overdue"]) == (1, 1)


def district_table(client):
    """The city administrator's admin home as rendered: per unit, the table's numbers."""
    page = client.get("/admin/").content.decode()
    table = {}
    for code, row in re.findall(r'<tr data-district="(\w+)".*?>(.*?)</tr>', page, re.S):
        cells = re.findall(r'<td class="num (\w+)"[^>]*><a [^>]*>(\d+)</a>', row)
        table[code] = {name: int(number) for name, number in cells}
    return table


def overdue_cards(client):
    """The admin home's cards of overdue problems and milestones, as rendered for a user."""
    cards = {
        card["key"]: card["count"] for card in client.get("/admin/").context["dashboard"]["cards"]
    }
    return cards["problems_overdue"], cards["milestones_overdue"]


def test_the_admin_home_reads_the_published_month(city):
    """On 31 March 华龙区 has one problem overdue (due 20 March, resolved 10 May) and one
    milestone (planned 10 March, reached 1 June); 经开区's P2 is yellow.

    After publishing, an official backdates the resolution to 15 March and the milestone to
    5 March: counted again, 华龙区 would have 0 overdue problems and milestones. The
    published month keeps 1 and 1 on the city administrator's table and cards and on the
    华龙区 reporter's cards.

    A 补报 of 3,000 for P2 March publishes version 2: 经开区 green (0 yellow); 华龙区 as
    published (the revision is not its), its overdue counts too."""
    hualong, p1 = city["hualong"], city["p1"]
    problem = overdue_on_march_31(hualong)
    milestone = MilestoneFactory(
        project=p1, planned_date=datetime.date(2023, 3, 10), actual_date=datetime.date(2023, 6, 1)
    )
    close_march(city)
    admin = client_for(city["city_admin"])
    reporter = client_for(city["reporter"])
    published = {"red": 0, "problems": 1, "milestones": 1}
    table = district_table(admin)
    assert table["hualong"] == {**table["hualong"], **published, "yellow": 0}
    assert (table["jingkai"]["yellow"], table["jingkai"]["problems"]) == (1, 0)
    assert overdue_cards(admin) == overdue_cards(reporter) == (1, 1)

    problem.resolved_on = datetime.date(2023, 3, 15)
    problem.save()
    milestone.actual_date = datetime.date(2023, 3, 5)
    milestone.save()
    assert district_table(admin)["hualong"] == table["hualong"]
    assert overdue_cards(admin) == overdue_cards(reporter) == (1, 1)

    late_report(city, amount="3000.00")
    revised = district_table(admin)
    assert revised["hualong"] == table["hualong"]
    assert (revised["jingkai"]["yellow"], revised["jingkai"]["problems"]) == (0, 0)


def test_views_of_todays_work_say_so(city):
    """The workbench and the inbox follow today, not a published month, and say so."""
    today = timezone.localdate().isoformat()
    client = client_for(city["reporter"])
    for url in ("/admin/workbench/", "/admin/inbox/"):
        page = client.get(url)
        assert page.status_code == 200
        assert f'data-today="{today}"' in page.content.decode(), url


def test_months_closed_before_publishing_are_published_once_by_the_command(city):
    ReportingPeriod.objects.filter(**MARCH).update(status=PeriodStatus.CLOSED)
    assert districts()[0]["version"] is None  # closed, not published: live, and says so
    out = io.StringIO()
    call_command("publish_closed", stdout=out)
    assert "2023-03: version 1 published" in out.getvalue()
    call_command("publish_closed", stdout=io.StringIO())
    assert PeriodVersion.objects.filter(period__month=3).count() == 1
    assert districts()[1]["jingkai"]["completed_investment"] == "1000.00"


def test_the_year_end_forecast_at_the_current_pace(city):
    """经开区 P2 by March: 1,000 of 10,000 → 1,000 ÷ 3 × 12 = 4,000 at year end (40.0 %);
    9,000 left over 9 months = 1,000 a month. 华龙区 P1: 3,000 → 12,000 = the plan (100.0 %),
    on track. The city: 4,000 → 16,000 of 22,000 = 72.7 %."""
    close_march(city)
    body, rows = districts()
    assert (rows["jingkai"]["forecast_rate"], rows["hualong"]["forecast_rate"]) == (40.0, 100.0)
    assert body["city"]["forecast_rate"] == 72.7
    project = APIClient().get("/api/v1/projects/jk-1/", {"year": 2023}).json()
    assert project["forecast"] == {
        "year_end": "4000.00",
        "year_end_rate": 40.0,
        "monthly_needed": "1000.00",
        "on_track": False,
    }
    assert APIClient().get("/api/v1/projects/hl-1/").json()["forecast"]["on_track"] is True
    page = Client().get("/projects/jk-1/")
    assert 'data-figure="year_end"' in page.content.decode()
    december = forecast(Decimal("500"), Decimal("400"), 12)
    assert (december["monthly_needed"], december["on_track"]) == (None, True)
