"""Open311 GeoReport v2 at /open311/v2/ (issue 19), read by a third-party client from PyPI
(`georeport`, unchanged) against a live server in JSON and XML, and a spec-conformant POST
(form fields, as GeoReport v2 defines them); contacts never appear."""

import datetime

import pytest
import requests
from django.utils import timezone
from georeport import GeoReport

from enterprises.choices import ProblemCategory
from enterprises.models import Problem
from tests.factories import CadreFactory, DistrictFactory, EnterpriseFactory, ProblemFactory

CONTACTS = ("13712345678", "0393-7654321", "王经理", "wang@example.com", "赵干部", "13811112222")


@pytest.fixture
def ledger(transactional_db):
    """Three problems raised in the last 90 days (one open, one resolved, one rejected) and
    one before them; contacts everywhere, for none to be shown."""
    today = timezone.localdate()
    district = DistrictFactory(code="hualong", name="华龙区")
    enterprise = EnterpriseFactory(
        district=district, contact_person="王经理", contact_phone="0393-7654321"
    )
    handler = CadreFactory(
        district=district, name="赵干部", phone="13811112222", unit="华龙区工信局"
    )
    common = {
        "district": district,
        "enterprise": enterprise,
        "submitter_name": "王经理",
        "submitter_phone": "13712345678",
        "assignee": handler,
        "responsible_unit": "",
    }
    day = today - datetime.timedelta(days=10)
    rows = {
        "open": ProblemFactory(
            **common,
            category="labour",
            raised_on=day,
            accepted_on=day,
            status="in_progress",
            due_date=today + datetime.timedelta(days=5),
        ),
        "resolved": ProblemFactory(
            **common,
            category="funding",
            raised_on=day,
            accepted_on=day,
            status="resolved",
            resolution="已协调银行贷款",
            resolved_on=today,
            outcome="partly_solved",
            outcome_note="贷款到位一半",
            due_date=today,
        ),
        "rejected": ProblemFactory(
            **common,
            category="land",
            raised_on=day,
            status="rejected",
            rejection_reason="不属于受理范围",
            due_date=None,
        ),
        "old": ProblemFactory(
            **common,
            category="labour",
            raised_on=today - datetime.timedelta(days=200),
            due_date=None,
        ),
    }
    return rows


def as_list(value):
    """xmltodict gives one element as a dict, several as a list."""
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_third_party_client_reads_services_and_requests(live_server, ledger, fmt):
    base = f"{live_server.url}/open311/v2"
    client = GeoReport(base, output_format=fmt)
    listed = as_list(client.get_service_list())
    assert [s["service_code"] for s in listed] == list(ProblemCategory.values)
    labour = listed[0]
    assert labour["service_name"] == "用工" or labour["service_name"] == "Labour"
    assert str(labour["metadata"]).lower() == "true" and labour["type"] == "realtime"

    definition = client.get_service_definition("labour")
    attributes = definition["attributes"]
    attributes = as_list(attributes["attribute"]) if fmt == "xml" else attributes
    assert definition["service_code"] == "labour"
    assert [a["code"] for a in attributes] == ["company", "credit_code", "district"]

    every = as_list(client.get_service_requests())  # the last 90 days by default
    by_id = {r["service_request_id"]: r for r in every}
    codes = {key: problem.tracking_code for key, problem in ledger.items()}
    assert set(by_id) == {codes["open"], codes["resolved"], codes["rejected"]}
    assert by_id[codes["open"]]["status"] == "open"
    assert by_id[codes["resolved"]]["status"] == "closed"
    assert by_id[codes["resolved"]]["status_notes"] == "部分解决：贷款到位一半"
    assert by_id[codes["rejected"]]["status_notes"] == "不属于受理范围"
    assert by_id[codes["open"]]["agency_responsible"] == "华龙区工信局"
    assert by_id[codes["open"]]["service_code"] == "labour"

    opened = as_list(client.get_service_requests(status="open"))
    assert [r["service_request_id"] for r in opened] == [codes["open"]]
    closed = as_list(client.get_service_requests(status="closed", service_code="funding"))
    assert [r["service_request_id"] for r in closed] == [codes["resolved"]]
    start = (timezone.localdate() - datetime.timedelta(days=220)).isoformat() + "T00:00:00Z"
    end = (timezone.localdate() - datetime.timedelta(days=150)).isoformat() + "T00:00:00Z"
    old = as_list(client.get_service_requests(start_date=start, end_date=end))
    assert [r["service_request_id"] for r in old] == [codes["old"]]

    one = client.get_service_request(codes["resolved"])
    assert (one["service_request_id"], one["status"], one["service_name"]) == (
        codes["resolved"],
        "closed",
        "资金" if one["service_name"] == "资金" else "Funding",
    )

    for path in ("services", "requests", f"requests/{codes['open']}"):
        text = requests.get(f"{base}/{path}.{fmt}", timeout=10).text
        assert not any(contact in text for contact in CONTACTS), path


def test_a_spec_conformant_post_enters_the_ledger(live_server, ledger):
    base = f"{live_server.url}/open311/v2"
    enterprise = ledger["open"].enterprise
    form = {
        "service_code": "power",
        "description": "新产线需要增容\n约 2000 千伏安",
        "lat": "35.7619",
        "long": "115.0292",
        "first_name": "经理",
        "last_name": "王",
        "phone": "13712345678",
        "email": "wang@example.com",
        "attribute[credit_code]": enterprise.credit_code,
    }
    response = requests.post(f"{base}/requests.json", data=form, timeout=10)
    assert response.status_code == 200, response.text
    [receipt] = response.json()
    problem = Problem.objects.get(tracking_code=receipt["service_request_id"])
    assert (problem.category, problem.source, problem.status) == ("power", "feedback", "raised")
    assert (problem.title, problem.district.code) == ("新产线需要增容", "hualong")
    assert (problem.submitter_company, problem.submitter_name, problem.submitter_phone) == (
        enterprise.name,
        "王经理",
        "13712345678",
    )
    assert problem.enterprise is None  # a credit code is a claim until an official confirms it
    assert "35.7619, 115.0292" in problem.description
    assert problem.due_date is not None  # an intake like any other

    read = GeoReport(base, output_format="xml").get_service_request(problem.tracking_code)
    assert (read["status"], read["service_code"]) == ("open", "power")

    xml = requests.post(
        f"{base}/requests.xml",
        data={**form, "lat": "", "long": "", "address_string": "濮阳市华龙区示例路1号"},
        timeout=10,
    )
    assert xml.status_code == 200 and "<service_request_id>WQ-" in xml.text

    refused = requests.post(f"{base}/requests.json", data={**form, "phone": ""}, timeout=10)
    assert refused.status_code == 400
    [problem_error] = refused.json()
    assert problem_error["code"] == 400 and problem_error["description"].startswith("phone:")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "data", "status", "field"),
    [
        ("get", "services/parking.json", None, 404, ""),
        ("get", "requests/WQ-20220101-XXXXXX.xml", None, 404, ""),
        ("get", "requests.json?start_date=yesterday", None, 400, "start_date"),
        ("get", "requests.json?start_date=2022-01-01T00:00:00Z", None, 200, ""),
        (
            "get",
            "requests.json?start_date=2022-01-01T00:00:00Z&end_date=2022-12-31T00:00:00Z",
            None,
            400,
            "start_date, end_date",
        ),
        ("get", "requests.json?status=pending", None, 400, "status"),
        ("get", "requests.json?service_code=parking", None, 400, "service_code"),
        ("post", "requests.json", {"service_code": "parking"}, 400, "service_code"),
        ("post", "requests.json", {"service_code": "power", "description": "x"}, 400, "lat"),
        (
            "post",
            "requests.json",
            {"service_code": "power", "lat": "north", "long": "1", "description": "x"},
            400,
            "lat",
        ),
        ("put", "requests.json", None, 405, None),
    ],
)
def test_bad_requests_answer_in_georeport_errors(client, method, path, data, status, field):
    DistrictFactory(code="city", kind="city")
    response = getattr(client, method)(f"/open311/v2/{path}", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, response.content
    if field is None or status == 200:
        return
    if path.endswith(".xml"):
        assert b"<errors><error><code>404</code>" in response.content
        return
    [body] = response.json()
    assert body["code"] == status and body["description"].startswith(field)


@pytest.mark.django_db
def test_an_unknown_format_is_not_found(client):
    assert client.get("/open311/v2/services.csv").status_code == 404
