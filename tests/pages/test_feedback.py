"""/feedback/ and /feedback/track/: into the ledger through the service, public status only."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from districts.models import District
from enterprises.choices import ProblemSource, ProblemStatus
from enterprises.models import Problem
from enterprises.views import FeedbackRateThrottle
from tests.factories import credit_code

from .conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def valid_form(**changes):
    data = {
        "submitter_company": "濮阳市恒通化工有限公司",
        "submitter_credit_code": "",
        "submitter_name": "李娜",
        "submitter_phone": "0393-8881234",
        "district": "jingkai",
        "category": "labour",
        "title": "春节后用工缺口",
        "description": "需要招聘操作工三十名。",
    }
    data.update(changes)
    return data


def test_submitted_problem_enters_the_ledger_and_its_code_is_shown(client, site):
    response = client.post("/feedback/", valid_form(), follow=True)
    problem = Problem.objects.get(title="春节后用工缺口")
    assert problem.source == ProblemSource.FEEDBACK
    assert problem.status == ProblemStatus.RAISED
    assert problem.district.code == "jingkai"
    assert problem.submitter_phone == "0393-8881234"
    assert response.redirect_chain[-1][0] == f"/feedback/track/?code={problem.tracking_code}"
    html = response.content.decode()
    assert problem.tracking_code in html
    assert_valid_html(html)


def test_a_known_credit_code_is_kept_as_a_claim_not_a_link(client, site):
    owner = site["owner"]
    chosen = District.objects.exclude(pk=owner.district_id).first()
    client.post(
        "/feedback/",
        valid_form(submitter_credit_code=owner.credit_code.lower(), district=chosen.code),
    )
    problem = Problem.objects.get(title="春节后用工缺口")
    assert problem.enterprise is None and problem.district == chosen
    assert problem.submitter_credit_code == owner.credit_code


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"submitter_credit_code": "91350100M000100Y44"}, "submitter_credit_code"),
        ({"submitter_phone": "call me"}, "submitter_phone"),
        ({"district": "atlantis"}, "district"),
        ({"category": "weather"}, "category"),
        ({"title": "   "}, "title"),
        ({"description": ""}, "description"),
        ({"submitter_company": "x" * 201}, "submitter_company"),
    ],
)
def test_bad_input_is_answered_on_the_form(client, site, changes, field):
    response = client.post("/feedback/", valid_form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Problem.objects.filter(title="春节后用工缺口").exists()
    assert_valid_html(response.content)


SAME_BAD_INPUT = {
    "no contact name": {"submitter_name": ""},
    "no phone": {"submitter_phone": "  "},
    "a phone that is not one": {"submitter_phone": "call me"},
    "a description over 5,000 characters": {"description": "问" * 5001},
    "everything blank": dict.fromkeys(valid_form(), ""),
}


@pytest.mark.parametrize("changes", SAME_BAD_INPUT.values(), ids=SAME_BAD_INPUT.keys())
def test_the_page_and_the_api_refuse_the_same_input_on_the_same_fields(client, site, changes):
    data = valid_form(**changes)
    before = Problem.objects.count()
    page = client.post("/feedback/", data)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en").post("/api/v1/problems/", data, format="json")
    assert (page.status_code, api.status_code) == (400, 400)
    page_errors = page.context["form"].errors
    assert set(page_errors) == set(api.json())
    for field in ("submitter_name", "submitter_phone", "submitter_credit_code"):
        if field in page_errors:
            assert page_errors[field] == api.json()[field]
    assert Problem.objects.count() == before


def test_a_valid_credit_code_passes(client, site):
    response = client.post("/feedback/", valid_form(submitter_credit_code=credit_code(4242)))
    assert response.status_code == 302


def test_the_form_needs_a_csrf_token(site):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/feedback/", valid_form()).status_code == 403
    assert not Problem.objects.filter(title="春节后用工缺口").exists()


def test_submissions_are_rate_limited_per_address_with_a_form_error(client, site):
    limit = FeedbackRateThrottle().num_requests
    for n in range(limit):
        assert client.post("/feedback/", valid_form(title=f"问题{n}")).status_code == 302
    response = client.post("/feedback/", valid_form(title="one too many"))
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert not Problem.objects.filter(title="one too many").exists()
    other = client.post("/feedback/", valid_form(title="from elsewhere"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_tracking_shows_status_and_resolution_but_nothing_private(client, site):
    problem = site["feedback"]
    response = client.get(f"/feedback/track/?code={problem.tracking_code.lower()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-status="{problem.status}"' in html
    assert problem.resolution in html
    for private in (problem.submitter_name, problem.submitter_phone, problem.description):
        assert private not in html
    assert problem.enterprise.contact_phone not in html


def test_unknown_tracking_code_is_a_form_error(client, site):
    response = client.get("/feedback/track/?code=WQ-20220101-XXXXXX")
    assert response.status_code == 404
    assert "code" in response.context["form"].errors
    assert client.get("/feedback/track/?code=").status_code == 400
