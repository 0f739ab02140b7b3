"""The OC4IDS export validates against the official 0.9 schema and carries our data."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from projects.choices import ApprovalKind, FundingKind, Level, MilestoneKind, RoundList, Stage
from tests.factories import (
    AnnualPlanFactory,
    ApprovalItemFactory,
    EnterpriseFactory,
    FundingFactory,
    MilestoneFactory,
    PhotoFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
    RoundFactory,
)
from tests.oc4ids_review import review

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "oc4ids"


def validator():
    project_schema = json.loads((SCHEMAS / "project-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / "project-package-schema.json").read_text())
    registry = Registry().with_resource(
        project_schema["id"], Resource.from_contents(project_schema, default_specification=DRAFT4)
    )
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())


def export(tmp_path, *args):
    target = tmp_path / "package.json"
    call_command("export_oc4ids", "--output", str(target), *args)
    return json.loads(target.read_text(encoding="utf-8"))


def test_export_validates_and_maps_our_fields(tmp_path):
    owner = EnterpriseFactory(name="濮阳示例新材料有限公司")
    project = ProjectFactory(
        code="hl-0001",
        name="示例氢能产业园",
        stage=Stage.UNDER_CONSTRUCTION,
        total_investment=Decimal("136000.00"),
        owner=owner,
        latitude=Decimal("35.76"),
        longitude=Decimal("115.03"),
        national_code="2203-410902-04-01-123456",
    )
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.START,
        planned_date=datetime.date(2022, 3, 1),
        actual_date=datetime.date(2022, 3, 5),
    )
    MilestoneFactory(
        project=project, kind=MilestoneKind.COMPLETION, planned_date=datetime.date(2022, 12, 1)
    )
    FundingFactory(
        project=project, kind=FundingKind.SPECIAL_BOND, secured=Decimal("2505.50"), disbursed=0
    )
    ProgressReportFactory(
        project=project, month=1, completed_investment=Decimal("800"), approved=True
    )
    ProgressReportFactory(project=project, month=2, completed_investment=Decimal("999"))  # draft
    ProjectFactory(is_published=False, name="未公开项目")

    package = export(tmp_path)
    errors = sorted(validator().iter_errors(package), key=str)
    assert errors == []
    assert [p["title"] for p in package["projects"]] == ["示例氢能产业园"]  # published only
    data = package["projects"][0]
    assert data["id"] == "oc4ids-puyang-hl-0001"
    assert data["status"] == "implementation"
    assert data["budget"]["amount"] == {"amount": 1360000000, "currency": "CNY"}
    breakdown = data["budget"]["budgetBreakdowns"][0]["budgetBreakdown"]
    assert breakdown[0]["amount"] == {"amount": 25055000, "currency": "CNY"}
    assert [(m["code"], m["status"]) for m in data["milestones"]] == [
        ("commencement", "met"),
        ("completion", "notMet"),
    ]
    observations = data["metrics"][0]["observations"]
    assert [o["value"]["amount"] for o in observations] == [8000000]  # approved only
    assert data["locations"][0]["geometry"]["coordinates"] == [115.03, 35.76]
    assert data["identifiers"] == [{"id": "2203-410902-04-01-123456", "scheme": "CN-NIPAP"}]
    owner_party = data["parties"][1]
    assert owner_party["identifier"]["id"] == owner.credit_code
    assert "contactPoint" not in owner_party  # private contacts never leave


def test_export_by_district(tmp_path):
    project = ProjectFactory()
    ProjectFactory()
    package = export(tmp_path, "--district", project.district.code)
    assert [p["title"] for p in package["projects"]] == [project.name]
    assert validator().is_valid(package)


def test_one_project_over_the_api(client):
    project = ProjectFactory(code="api-1")
    MilestoneFactory(project=project)
    hidden = ProjectFactory(code="hidden-1", is_published=False)
    response = client.get(f"/api/v1/projects/{project.code}/oc4ids/")
    assert response.status_code == 200
    package = response.json()
    assert validator().is_valid(package)
    assert [p["id"] for p in package["projects"]] == ["oc4ids-puyang-api-1"]
    assert client.get(f"/api/v1/projects/{hidden.code}/oc4ids/").status_code == 404


def test_every_field_we_keep_has_its_place_and_the_standards_review_passes(tmp_path):
    """A project with all we keep: forecasts (annual plans), financial and physical progress
    (approved reports), payments (funding disbursed), photos as documents, approval items as
    approval milestones (late one notMet), completion, phase periods, the key-project level
    and its "三个一批" list. libcoveoc4ids finds no error, no field outside the schema and no
    value outside a codelist."""
    owner = EnterpriseFactory(name="濮阳示例化工有限公司")
    project = ProjectFactory(
        code="gy-0002",
        name="示例新材料项目",
        level=Level.PROVINCIAL,
        stage=Stage.IN_PRODUCTION,
        owner=owner,
        actual_start=datetime.date(2022, 3, 5),
        actual_completion=datetime.date(2022, 11, 20),
        planned_start=datetime.date(2022, 3, 1),
        planned_completion=datetime.date(2022, 12, 31),
    )
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.SIGNING,
        planned_date=datetime.date(2022, 1, 10),
        actual_date=datetime.date(2022, 1, 12),
    )
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.PRODUCTION,
        planned_date=datetime.date(2022, 12, 1),
        actual_date=datetime.date(2022, 12, 8),
    )
    AnnualPlanFactory(project=project, year=2022, planned_investment=Decimal("1200"))
    AnnualPlanFactory(project=project, year=2023, planned_investment=Decimal("300"))
    ProgressReportFactory(
        project=project, month=3, completed_investment=Decimal("500"), approved=True
    )
    ProgressReportFactory(
        project=project,
        month=4,
        completed_investment=Decimal("700"),
        narrative="",
        approved=True,
    )
    FundingFactory(project=project, secured=Decimal("1000"), disbursed=Decimal("800"))
    # Applied Monday 2022-01-03, 10 working days promised: due 2022-01-17; approved 02-20.
    ApprovalItemFactory(
        project=project,
        kind=ApprovalKind.PROJECT_APPROVAL,
        name="企业投资项目备案",
        legal_days=20,
        promised_days=10,
        applied_on=datetime.date(2022, 1, 3),
        approved_on=None,
    )
    PhotoFactory(project=project, caption="厂房封顶")
    round_ = RoundFactory(code="gy-r1", name="第一期“三个一批”", held_on=datetime.date(2022, 4, 28))
    RoundEntryFactory(round=round_, project=project, round_list=RoundList.IN_PRODUCTION)

    package = export(tmp_path)
    assert sorted(validator().iter_errors(package), key=str) == []
    data = package["projects"][0]
    assert data["forecasts"] == [
        {
            "id": "financialProgress",
            "title": "Planned investment (annual plans)",
            "observations": [
                {
                    "id": "2022",
                    "period": {
                        "startDate": "2022-01-01T00:00:00+08:00",
                        "endDate": "2022-12-31T00:00:00+08:00",
                    },
                    "value": {"amount": 12000000, "currency": "CNY"},
                },
                {
                    "id": "2023",
                    "period": {
                        "startDate": "2023-01-01T00:00:00+08:00",
                        "endDate": "2023-12-31T00:00:00+08:00",
                    },
                    "value": {"amount": 3000000, "currency": "CNY"},
                },
            ],
        }
    ]
    financial, physical = data["metrics"]
    assert [o["value"]["amount"] for o in financial["observations"]] == [5000000, 7000000]
    assert financial["observations"][1]["period"] == {
        "startDate": "2022-04-01T00:00:00+08:00",
        "endDate": "2022-04-30T00:00:00+08:00",
    }
    # April's report has no narrative: physical progress only for March.
    assert physical["id"] == "physicalProgress"
    assert [(o["id"], o["measure"]) for o in physical["observations"]] == [
        ("2022-03", "主体结构施工中。")
    ]
    assert data["transactions"] == [
        {
            "id": data["transactions"][0]["id"],
            "date": "2022-12-31T00:00:00+08:00",
            "value": {"amount": 8000000, "currency": "CNY"},
            "payee": {"id": owner.credit_code, "name": owner.name},
        }
    ]
    assert data["parties"][1]["roles"] == ["funder", "payee"]
    (photo,) = data["documents"]
    assert (photo["documentType"], photo["title"]) == ("illustration", "厂房封顶")
    assert photo["url"].startswith("http") and photo["url"].endswith(".jpg")
    approval = [m for m in data["milestones"] if m["type"] == "approval"]
    assert approval == [
        {
            "id": approval[0]["id"],
            "title": "企业投资项目备案",
            "type": "approval",
            "description": "立项 (project_approval)",
            "code": "projectApproval",
            "dueDate": "2022-01-17T00:00:00+08:00",
            "status": "notMet",
        }
    ]
    assert data["completion"] == {
        "endDate": "2022-11-20T00:00:00+08:00",
        "finalValue": {"amount": 12000000, "currency": "CNY"},
        "finalValueDetails": "Investment completed as reported in approved monthly reports.",
    }
    assert data["preparationPeriod"] == {
        "startDate": "2022-01-12T00:00:00+08:00",
        "endDate": "2022-03-05T00:00:00+08:00",
    }
    assert data["implementationPeriod"] == {
        "startDate": "2022-03-05T00:00:00+08:00",
        "endDate": "2022-11-20T00:00:00+08:00",
    }
    assert data["maintenancePeriod"] == {"startDate": "2022-12-08T00:00:00+08:00"}
    assert data["additionalClassifications"] == [
        {"id": "key-project-level-provincial", "description": "省重点 (重点项目)"},
        {"id": "three-batches-gy-r1-in_production", "description": "第一期“三个一批” · 投产一批"},
    ]

    results = review(package, tmp_path)
    assert results["validation_errors"] == []
    assert results["additional_fields"] == {}
    assert results["additional_closed_codelist_values"] == {}
    assert results["additional_open_codelist_values"] == {}


def test_the_review_catches_what_the_standard_does_not_have(tmp_path):
    """The review is real: a field outside the schema and a value outside a codelist are
    reported (so the codelists were loaded)."""
    ProjectFactory(code="odd-1")
    package = export(tmp_path)
    package["projects"][0]["colour"] = "red"
    package["projects"][0]["documents"] = [{"id": "1", "documentType": "photograph"}]
    package["projects"][0]["status"] = "building"
    results = review(package, tmp_path)
    assert list(results["additional_fields"]) == ["/projects/colour"]
    assert "documentType" in str(results["additional_open_codelist_values"])
    assert "status" in str(results["additional_closed_codelist_values"])
