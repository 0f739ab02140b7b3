"""Imports that fit district ledgers: projects named by code, national code or name; errors
one per line with Excel's row number, the column and the value; the file kept after an error
and checked again; names and labels in the preview; the imported drafts submitted in one click."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from core.templatetags.imports import excel_errors
from enterprises.models import Enterprise
from projects.choices import ReportStatus
from projects.models import AnnualPlan, ProgressReport
from tests.factories import AnnualPlanFactory, EnterpriseLabelFactory, ProjectFactory

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db
XLSX = "0"


def xlsx(headers, rows):
    return tablib.Dataset(*rows, headers=headers).export("xlsx")


def check(client, model, content, name="台账.xlsx"):
    upload = SimpleUploadedFile(name, content)
    return client.post(
        admin_url(model, "import"), {"resource": "0", "format": XLSX, "import_file": upload}
    )


def test_projects_by_code_national_code_or_name(world):
    world.project.national_code = "2022-410902-44-01-012345"
    world.project.save()
    second = ProjectFactory(district=world.hualong, code="hl-002", name="华龙物流园项目")
    third = ProjectFactory(district=world.hualong, code="hl-003")
    rows = [
        ["2022-410902-44-01-012345", 2023, "100"],
        ["华龙物流园项目", 2023, "200"],
        [third.code, 2023, "300"],
    ]
    headers = ["project", "year", "planned_investment"]
    client = client_for(world.reporter)
    response = check(client, AnnualPlan, xlsx(headers, rows))
    assert "confirm_form" in response.context, response.context["result"].invalid_rows
    client.post(admin_url(AnnualPlan, "process_import"), response.context["confirm_form"].initial)
    plans = dict(AnnualPlan.objects.filter(year=2023).values_list("project", "planned_investment"))
    assert plans == {world.project.pk: 100, second.pk: 200, third.pk: 300}


def test_a_name_two_projects_share_is_refused(world):
    ProjectFactory(district=world.hualong, name="同名项目")
    ProjectFactory(district=world.hualong, name="同名项目")
    response = check(
        client_for(world.reporter),
        AnnualPlan,
        xlsx(["project", "year", "planned_investment"], [["同名项目", 2023, "1"]]),
    )
    assert "write the code" in response.content.decode()


def test_errors_name_the_excel_row_the_column_and_the_value(world):
    rows = [
        [world.project.code, 2023, "100"],
        ["不存在的项目", 2023, "100"],
        [world.project.code, 2024, "很多"],
    ]
    response = check(
        client_for(world.reporter),
        AnnualPlan,
        xlsx(["project", "year", "planned_investment"], rows),
    )
    page = response.content.decode()
    lines = [(e["row"], e["column"], e["value"]) for e in excel_errors(response.context["result"])]
    # The header is Excel's row 1: the second and third data rows are rows 3 and 4.
    assert lines == [
        (3, "Project (code)", "不存在的项目"),
        (4, "Planned investment (10k yuan)", "很多"),
    ]
    assert 'id="import-errors"' in page and '<td class="excel-row">3</td>' in page
    assert "Some rows failed to validate" not in page  # the library's garbled heading
    assert not AnnualPlan.objects.exists()


def test_the_file_is_kept_after_an_error_and_checked_again(world, planned):
    """A report for a year without a plan: the plan is added, the same file checked again."""
    rows = [[world.project.code, 2023, 1, "500"]]
    client = client_for(world.reporter)
    headers = ["project", "year", "month", "completed_investment"]
    response = check(client, ProgressReport, xlsx(headers, rows), name="华龙区1月.xlsx")
    assert response.context["result"].has_validation_errors()
    assert (
        "华龙区1月.xlsx" in response.content.decode()
        and 'name="recheck"' in response.content.decode()
    )
    AnnualPlanFactory(project=world.project, year=2023)
    again = client.post(admin_url(ProgressReport, "import"), {"recheck": "1"})
    assert "confirm_form" in again.context
    assert again.context["confirm_form"].initial["original_file_name"] == "华龙区1月.xlsx"


def test_the_preview_shows_names_and_labels(world, planned):
    rows = [[world.project.code, 2022, 5, "800"]]
    response = check(
        client_for(world.reporter),
        ProgressReport,
        xlsx(["project", "year", "month", "completed_investment"], rows),
    )
    [row] = response.context["result"].valid_rows()
    assert world.project.name in row.diff[0]
    page = response.content.decode()
    assert world.project.name in page and ">draft<" not in page


def test_one_click_submits_the_imported_drafts(world, planned):
    rows = [[world.project.code, 2022, 5, "800"], [world.project.code, 2022, 6, "900"]]
    client = client_for(world.reporter)
    response = check(
        client, ProgressReport, xlsx(["project", "year", "month", "completed_investment"], rows)
    )
    done = client.post(
        admin_url(ProgressReport, "process_import"), response.context["confirm_form"].initial
    )
    follow_up = admin_url(ProgressReport, "import_follow_up")
    assert done.status_code == 302 and done.url == follow_up
    page = client.get(follow_up)
    assert len(page.context["queryset"]) == 2
    client.post(follow_up, {})
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    assert ProgressReport.objects.get(month=5).submitted_by == world.reporter
    # Nothing left to submit: the page leads back to the list.
    assert client.get(follow_up).status_code == 302


def test_enterprise_labels_are_ticked_not_moved_between_boxes(world):
    EnterpriseLabelFactory(name="专精特新")
    page = client_for(world.reporter).get(admin_url(Enterprise, "change", world.enterprise.pk))
    html = page.content.decode()
    assert 'type="checkbox" name="labels"' in html
    # Django's two-box widget, whose help text has no Chinese translation in Django 5.
    assert "selectfilter" not in html


def test_headers_typed_with_other_brackets_and_spaces_are_recognised(world):
    rows = [[world.project.code, 2023, "100"]]
    headers = [" Project(code) ", "Year", "Planned investment （10k yuan）"]
    response = check(client_for(world.reporter), AnnualPlan, xlsx(headers, rows))
    assert "confirm_form" in response.context, response.context["result"].invalid_rows
