"""The OpenAPI document (core/api/schema.py) that describes the whole API, served as JSON
and YAML with local interactive docs."""

import json

from django.core.management import call_command


def test_schema_lists_every_endpoint_with_its_errors(openapi):
    paths = openapi["paths"]
    for resource in [
        "districts",
        "industries",
        "projects",
        "progress-reports",
        "milestones",
        "funding",
        "rounds",
        "enterprises",
        "cadres",
        "assignments",
        "visits",
        "problems",
    ]:
        listing = paths[f"/api/v1/{resource}/"]["get"]
        assert {"200", "400", "401", "404"} <= set(listing["responses"]), resource
    for stat in ("districts", "problems", "funding"):
        operation = paths[f"/api/v1/stats/{stat}/"]["get"]
        assert {"200", "400"} <= set(operation["responses"])
        assert "year" in {p["name"] for p in operation["parameters"]}
    feedback = paths["/api/v1/problems/"]["post"]
    assert {"201", "400", "429"} <= set(feedback["responses"])
    assert {} in feedback["security"]  # no token needed
    assert "/api/v1/problems/track/{tracking_code}/" in paths
    assert "/api/v1/progress-reports/{id}/submit/" in paths


def test_schema_documents_private_fields_as_optional_and_rates_as_numbers(openapi):
    schemas = openapi["components"]["schemas"]
    enterprise = schemas["Enterprise"]
    assert {"contact_person", "contact_phone"} <= set(enterprise["properties"])
    assert not {"contact_person", "contact_phone"} & set(enterprise.get("required", []))
    figures = schemas["CityProgress"]["properties"]
    assert figures["completion_rate"]["type"] == "number"
    assert figures["completion_rate"]["nullable"] is True
    assert figures["completed_investment"]["type"] == "string"
    assert schemas["ReportStatusEnum"]["enum"] == ["draft", "submitted", "approved", "returned"]


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/stats/districts/" in target.read_text()


def test_interactive_docs_are_served_locally(api_client, db):
    response = api_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html and "unpkg" not in html
    # The start-up script is a file of its own (no inline script under the CSP).
    assert '<script src="/api/v1/docs/?script="></script>' in html
    script = api_client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_schema_is_json_and_yaml(api_client, db):
    as_json = api_client.get("/api/v1/schema/", {"format": "json"})
    assert json.loads(as_json.content)["openapi"].startswith("3.")
    as_yaml = api_client.get("/api/v1/schema/")
    assert as_yaml.status_code == 200 and b"openapi: 3" in as_yaml.content
