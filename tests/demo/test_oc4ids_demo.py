"""The OC4IDS export of the Puyang demo passes the standard's own review (libcoveoc4ids): no
error, no field outside the schema, no value outside a codelist."""

import json

import pytest
from django.core.management import call_command

from tests.oc4ids_review import review

pytestmark = pytest.mark.django_db


def test_the_demo_export_passes_the_standards_review(demo_db, tmp_path):
    target = tmp_path / "package.json"
    call_command("export_oc4ids", "--output", str(target), "--uri", "https://example.gov.cn/oc4ids")
    package = json.loads(target.read_text(encoding="utf-8"))
    projects = package["projects"]
    assert len(projects) > 200
    # What the demo has, each in its place somewhere in the package.
    for field in (
        "forecasts",
        "metrics",
        "transactions",
        "completion",
        "implementationPeriod",
        "preparationPeriod",
        "maintenancePeriod",
        "additionalClassifications",
    ):
        assert any(field in project for project in projects), field
    assert any(
        m["type"] == "approval" and m["status"] == "notMet"
        for project in projects
        for m in project.get("milestones", [])
    )
    assert any(
        metric["id"] == "physicalProgress"
        for project in projects
        for metric in project.get("metrics", [])
    )
    statuses = {project["status"] for project in projects}
    assert {"identification", "preparation", "implementation", "maintenance"} <= statuses

    results = review(package, tmp_path)
    assert results["validation_errors"] == []
    assert results["additional_fields"] == {}
    assert results["additional_closed_codelist_values"] == {}
    assert results["additional_open_codelist_values"] == {}
