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

from projects.choices import FundingKind, MilestoneKind, Stage
from tests.factories import (
    EnterpriseFactory,
    FundingFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
)

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
