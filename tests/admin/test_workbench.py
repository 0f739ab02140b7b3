"""本月填报 and 审核 in the admin: what a reporter sees and files for the open period, and
what a reviewer weighs and decides, as the pages show it."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.models import PeriodStatus, ReportingPeriod
from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.factories import (
    AnnualPlanFactory,
    PhotoFactory,
    ProgressReportFactory,
    ProjectFactory,
)

from .helpers import client_for

pytestmark = pytest.mark.django_db

WORKBENCH = "/admin/workbench/"
REVIEW = "/admin/review/"


@pytest.fixture
def april(world, planned):
    """April 2022 open for filing; January to March approved for the world's project."""
    ReportingPeriod.objects.create(year=2022, month=3, status=PeriodStatus.CLOSED)
    period = ReportingPeriod.objects.create(year=2022, month=4)
    for month, amount in ((1, "500.00"), (2, "700.00"), (3, "800.00")):
        ProgressReportFactory(
            project=world.project,
            year=2022,
            month=month,
            approved=True,
            completed_investment=amount,
        )
    return period


def jpeg(name="site.jpg"):
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def cards(response):
    return {row.project.code: row for row in response.context["rows"]}


def filing(project, amount="900.00", action="save", **extra):
    prefix = f"p{project.pk}"
    return {
        "project": project.pk,
        f"{prefix}-completed_investment": amount,
        f"{prefix}-narrative": "主体结构施工",
        "action": action,
        **extra,
    }


def test_the_workbench_lists_the_districts_projects_with_plan_ytd_last_month_and_light(
    world, april
):
    response = client_for(world.reporter).get(WORKBENCH)
    assert response.status_code == 200
    rows = cards(response)
    assert list(rows) == ["hl-001"]  # the other district's project is not ours to file
    row = rows["hl-001"]
    assert (row.status, row.plan, row.approved_before, row.last_month) == (
        "missing",
        Decimal("10000.00"),
        Decimal("2000.00"),
        Decimal("800.00"),
    )
    page = response.content.decode()
    assert "April 2022" in page
    # Amounts by the money rule (English UI): plan 10,000.00 万元, 2,000.00 approved, 800.00 last.
    assert '<dd class="plan">CNY 100.00 million</dd>' in page
    assert '<dd class="ytd">CNY 20.00 million</dd>' in page
    assert '<dd class="last-month">CNY 8.00 million</dd>' in page
    assert "Plan CNY 100.00 million · still to complete CNY 80.00 million" in page
    assert 'class="tk-light' in page


def test_filing_a_draft_then_submitting_it_with_photos(world, april):
    client = client_for(world.reporter)
    response = client.post(WORKBENCH, filing(world.project))
    assert response.status_code == 302 and response.url.endswith(f"#p{world.project.pk}")
    report = ProgressReport.objects.get(project=world.project, year=2022, month=4)
    assert (report.status, report.completed_investment) == (ReportStatus.DRAFT, Decimal("900"))

    photos = {f"p{world.project.pk}-photos": [jpeg("a.jpg"), jpeg("b.jpg")]}
    response = client.post(WORKBENCH, filing(world.project, "950.00", "submit", **photos))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, world.reporter)
    assert report.photos.count() == 2
    assert all(photo.project_id == world.project.pk for photo in report.photos.all())
    # A submitted report shows its figure, no form.
    row = cards(client.get(WORKBENCH))["hl-001"]
    assert row.status == "submitted" and not hasattr(row, "form")


def test_a_bad_figure_is_a_form_error_and_nothing_is_saved(world, april):
    response = client_for(world.reporter).post(WORKBENCH, filing(world.project, "-5"))
    assert response.status_code == 400
    assert cards(response)["hl-001"].form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ProgressReport.objects.filter(month=4).exists()


def test_a_figure_over_the_plan_is_saved_with_a_warning(world, april):
    response = client_for(world.reporter).post(
        WORKBENCH, filing(world.project, "8500.00"), follow=True
    )
    text = [str(m) for m in response.context["messages"]]
    # 2,000 approved + 8,500 = 10,500 万元 against a plan of 10,000 万元, by the money rule.
    assert any("CNY 105.00 million" in m and "CNY 100.00 million" in m for m in text), text
    # The page also carries what the live check needs beside the field.
    assert 'data-plan="10000.00" data-ytd="2000.00"' in response.content.decode()


def test_returned_reports_come_first_with_their_reason(world, april):
    second = ProjectFactory(district=world.hualong, code="hl-000")
    AnnualPlanFactory(project=second, year=2022)
    ProgressReportFactory(project=world.project, year=2022, month=4, returned=True)
    response = client_for(world.reporter).get(WORKBENCH)
    assert [row.project.code for row in response.context["rows"]] == ["hl-001", "hl-000"]
    page = response.content.decode()
    assert page.index("投资数据与附件不符") < page.index(second.name)
    # A returned report is filed again from its card.
    response = client_for(world.reporter).post(WORKBENCH, filing(world.project, action="submit"))
    assert ProgressReport.objects.get(project=world.project, month=4).status == "submitted"


def test_a_project_under_way_without_this_years_plan_is_listed_with_a_warning(world, april):
    continuing = ProjectFactory(district=world.hualong, code="hl-002", stage="under_construction")
    AnnualPlanFactory(project=continuing, year=2021)
    response = client_for(world.reporter).get(WORKBENCH)
    row = cards(response)["hl-002"]
    assert row.status == "no_plan" and not row.can_file
    assert "No annual plan for 2022" in response.content.decode()
    response = client_for(world.reporter).post(WORKBENCH, filing(continuing), follow=True)
    assert not ProgressReport.objects.filter(project=continuing).exists()


def test_without_an_open_period_nothing_can_be_filed(world, planned):
    ReportingPeriod.objects.create(year=2022, month=4, status=PeriodStatus.CLOSED)
    response = client_for(world.reporter).get(WORKBENCH)
    assert "No reporting period is open" in response.content.decode()
    client_for(world.reporter).post(WORKBENCH, filing(world.project))
    assert not ProgressReport.objects.exists()


def test_a_city_admin_picks_the_district(world, april):
    response = client_for(world.city_admin).get(WORKBENCH + "?district=jingkai")
    assert list(cards(response)) == ["jk-001"]


@pytest.mark.parametrize("who", ["reviewer", "cadre_user"])
def test_only_reporters_file(world, april, who):
    assert client_for(getattr(world, who)).get(WORKBENCH).status_code == 403


def test_the_workbench_needs_the_same_queries_for_ten_projects(
    world, april, django_assert_max_num_queries
):
    for number in range(10):
        project = ProjectFactory(district=world.hualong, code=f"hl-1{number:02d}")
        AnnualPlanFactory(project=project, year=2022)
        ProgressReportFactory(project=project, year=2022, month=4)
    client = client_for(world.reporter)
    with django_assert_max_num_queries(20):
        assert len(client.get(WORKBENCH).context["rows"]) == 11


# --- Review --------------------------------------------------------------------------------


@pytest.fixture
def submitted(world, april):
    report = ProgressReportFactory(
        project=world.project,
        year=2022,
        month=4,
        submitted=True,
        completed_investment="1000.00",
        submitted_by=world.reporter,
    )
    PhotoFactory(project=world.project, report=report, caption="4月现场")
    return report


def test_the_review_queue_shows_the_evidence(world, submitted):
    other = ProgressReportFactory(project=world.other_project, month=4, submitted=True)
    response = client_for(world.reviewer).get(REVIEW)
    assert response.status_code == 200
    [item] = response.context["items"]  # not the other district's report
    assert item.report == submitted and other != submitted
    assert (item.plan, item.approved_before) == (Decimal("10000.00"), Decimal("2000.00"))
    assert [m["month"] for m in item.months] == [1, 2, 3, 4]
    # The district's rate through April: 2000 of 10000 approved, 3000 with this report.
    assert (item.rate_before, item.rate_after) == (Decimal("20.0"), Decimal("30.0"))
    page = response.content.decode()
    assert f'src="{submitted.photos.get().image.url}"' in page
    assert "20.0% → 30.0%" in page
    # Amounts by the money rule (English UI): the plan, the year so far, this month.
    assert "CNY 100.00 million" in page and "CNY 20.00 million" in page
    assert ">10000.00<" not in page
    assert 'class="tk-btn tk-btn-approve approve"' in page
    assert 'class="tk-btn tk-btn-return return"' in page


def test_approve_from_the_queue(world, submitted):
    response = client_for(world.reviewer).post(
        REVIEW, {"report": submitted.pk, "action": "approve"}, follow=True
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (ReportStatus.APPROVED, world.reviewer)
    assert "No report is awaiting review" in response.content.decode()


def test_bulk_approve(world, submitted):
    project = ProjectFactory(district=world.hualong)
    AnnualPlanFactory(project=project, year=2022)
    second = ProgressReportFactory(project=project, month=4, submitted=True)
    client_for(world.reviewer).post(
        REVIEW, {"report": [submitted.pk, second.pk], "action": "approve"}
    )
    assert set(ProgressReport.objects.filter(month=4).values_list("status", flat=True)) == {
        ReportStatus.APPROVED
    }


def test_return_with_a_picked_and_a_typed_reason(world, submitted):
    client_for(world.reviewer).post(
        REVIEW,
        {"report": submitted.pk, "action": "return", "reason": "1", "reason_text": "缺4月照片"},
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED
    assert submitted.return_reason == "Add photos of the site.；缺4月照片"


def test_return_without_a_reason_changes_nothing(world, submitted):
    response = client_for(world.reviewer).post(
        REVIEW, {"report": submitted.pk, "action": "return"}, follow=True
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
    assert "Pick or type the reason" in response.content.decode()


def test_another_districts_report_cannot_be_approved_from_the_queue(world, april):
    other = ProgressReportFactory(project=world.other_project, month=4, submitted=True)
    client_for(world.reviewer).post(REVIEW, {"report": other.pk, "action": "approve"})
    other.refresh_from_db()
    assert other.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["reporter", "cadre_user"])
def test_only_reviewers_review(world, april, who):
    assert client_for(getattr(world, who)).get(REVIEW).status_code == 403


def test_the_pages_are_named_in_the_admin(world):
    assert reverse("admin:workbench") == WORKBENCH
    assert reverse("admin:review") == REVIEW


def test_the_review_queue_needs_the_same_queries_for_ten_reports(
    world, april, django_assert_max_num_queries
):
    for number in range(10):
        project = ProjectFactory(district=world.hualong, code=f"hl-2{number:02d}")
        AnnualPlanFactory(project=project, year=2022)
        report = ProgressReportFactory(project=project, year=2022, month=4, submitted=True)
        PhotoFactory(project=project, report=report)
    client = client_for(world.reviewer)
    with django_assert_max_num_queries(20):
        assert len(client.get(REVIEW).context["items"]) == 10


# --- A page at a time, searched, by status; a card saved in place; photos removed ----------


@pytest.fixture
def thirty(world, april):
    """30 more projects of Hualong on the 2022 list: hl-300 … hl-329. hl-305 returned,
    hl-306 a draft, hl-307 submitted; the rest not filed."""
    projects = []
    for number in range(30):
        project = ProjectFactory(district=world.hualong, code=f"hl-3{number:02d}")
        AnnualPlanFactory(project=project, year=2022)
        projects.append(project)
    ProgressReportFactory(project=projects[5], year=2022, month=4, returned=True)
    ProgressReportFactory(project=projects[6], year=2022, month=4)
    ProgressReportFactory(project=projects[7], year=2022, month=4, submitted=True)
    return projects


def test_twenty_cards_a_page_returned_then_not_filed_first(world, thirty):
    client = client_for(world.reporter)
    response = client.get(WORKBENCH)
    codes = list(cards(response))
    # 31 projects: returned hl-305; 29 not filed (hl-001, hl-300 … without 305–307); the
    # draft hl-306; the submitted hl-307.
    assert len(codes) == 20
    assert codes[:3] == ["hl-305", "hl-001", "hl-300"]
    assert "1–20 of 31 projects" in response.content.decode()
    second = list(cards(client.get(WORKBENCH + "?page=2")))
    assert len(second) == 11 and second[-2:] == ["hl-306", "hl-307"]


def test_search_by_name_or_code_and_chips_that_filter(world, thirty):
    client = client_for(world.reporter)
    assert list(cards(client.get(WORKBENCH + "?search=HL-31"))) == [f"hl-31{n}" for n in range(10)]
    assert list(cards(client.get(WORKBENCH + "?search=" + world.project.name[:4]))) == ["hl-001"]
    response = client.get(WORKBENCH + "?status=draft")
    assert list(cards(response)) == ["hl-306"]
    chips = {chip["status"]: chip for chip in response.context["chips"]}
    assert chips["draft"]["active"] and chips["draft"]["count"] == 1
    assert (chips[""]["count"], chips["missing"]["count"], chips["submitted"]["count"]) == (
        31,
        28,
        1,
    )
    # A chip is a link keeping the search; counts are over the search's rows.
    response = client.get(WORKBENCH + "?search=hl-30")
    chips = {chip["status"]: chip for chip in response.context["chips"]}
    assert chips["missing"]["url"] == "/admin/workbench/?search=hl-30&status=missing"
    assert (chips[""]["count"], chips["missing"]["count"], chips["returned"]["count"]) == (10, 7, 1)
    assert list(cards(client.get(chips["missing"]["url"])))[0] == "hl-300"


def test_a_card_saved_by_the_pages_script_comes_back_in_place_with_the_next_to_file(world, thirty):
    client = client_for(world.reporter)
    response = client.post(
        WORKBENCH + "?page=1",
        filing(thirty[5], "300.00", "submit"),
        headers={"X-Requested-With": "workbench"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(
        f'<li class="tk-card filing-card status-submitted" id="p{thirty[5].pk}"'
    )
    assert "submitted for review" in page
    # The next to file: the first project not filed (hl-001), a link that finds it.
    assert f'data-card="p{world.project.pk}"' in page and "search=hl-001" in page
    # The chips' new counts: no returned report left, one more submitted.
    assert 'data-status="returned">Returned <span class="count">0</span>' in page
    assert 'data-status="submitted">Submitted <span class="count">2</span>' in page


def test_a_refused_figure_comes_back_on_its_card_with_the_error_marked(world, thirty):
    response = client_for(world.reporter).post(
        WORKBENCH, filing(thirty[0], "-1"), headers={"X-Requested-With": "workbench"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "errorlist" in page
    assert not ProgressReport.objects.filter(project=thirty[0]).exists()


def test_inputs_name_their_project(world, april):
    page = client_for(world.reporter).get(WORKBENCH).content.decode()
    name = world.project.name
    assert f'aria-label="{name} Investment completed this month (10k yuan)"' in page
    assert f'aria-label="{name} Physical progress"' in page


def test_a_photo_of_a_draft_is_shown_and_removed_not_one_of_a_submitted_report(world, april):
    draft = ProgressReportFactory(project=world.project, year=2022, month=4)
    photo = PhotoFactory(project=world.project, report=draft, caption="4月现场")
    client = client_for(world.reporter)
    page = client.get(WORKBENCH).content.decode()
    assert f'src="{photo.image.url}"' in page
    remove = reverse("admin:workbench_photo_remove", args=[photo.pk])
    assert f'action="{remove}"' in page and 'aria-label="Remove photo 4月现场"' in page
    response = client.post(remove, headers={"X-Requested-With": "workbench"})
    assert response.status_code == 200 and "Photo removed: 4月现场" in response.content.decode()
    assert not draft.photos.exists()

    draft.status = ReportStatus.SUBMITTED
    draft.save()
    kept = PhotoFactory(project=world.project, report=draft)
    response = client.post(reverse("admin:workbench_photo_remove", args=[kept.pk]))
    assert response.status_code == 302
    assert draft.photos.filter(pk=kept.pk).exists()
    # Another district's photo is not found at all, nor a project's own (not a month's).
    other = PhotoFactory(project=world.other_project)
    assert client.post(reverse("admin:workbench_photo_remove", args=[other.pk])).status_code == 404
    own = PhotoFactory(project=world.project)
    assert client.post(reverse("admin:workbench_photo_remove", args=[own.pk])).status_code == 404
    assert world.project.photos.filter(pk=own.pk).exists()
