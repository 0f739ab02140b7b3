"""Routing (issue 19): the city admin's table (category × district → responsible unit and
handler, with a default per district) assigns every new problem on intake, public or
official: the feedback page, the API, the admin."""

import pytest

from core.roles import Role
from enterprises.models import Problem, ProblemRoute
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db

FEEDBACK = {
    "district": "hualong",
    "title": "用工短缺",
    "description": "一线操作工缺口约50人，希望协助对接职业院校。",
    "category": "labour",
    "submitter_company": "濮阳市某化工有限公司",
    "submitter_name": "李四",
    "submitter_phone": "13700000000",
}


@pytest.fixture
def routes(world):
    district = world.hualong.district
    labour = CadreFactory(district=district, name="赵敏", unit="华龙区人社局")
    default = CadreFactory(district=district, name="钱亮", unit="华龙区工信局")
    return {
        "labour": ProblemRoute.objects.create(
            district=district, category="labour", responsible_unit="华龙区人社局", handler=labour
        ),
        "default": ProblemRoute.objects.create(
            district=district, category="", responsible_unit="华龙区工信局", handler=default
        ),
    }


def test_a_public_report_over_the_api_is_routed_by_its_category(world, routes):
    response = world.client("anonymous").post("/api/v1/problems/", FEEDBACK, format="json")
    assert response.status_code == 201, response.content
    problem = Problem.objects.get(tracking_code=response.json()["tracking_code"])
    route = routes["labour"]
    assert (problem.responsible_unit, problem.assignee, problem.routed_by) == (
        "华龙区人社局",
        route.handler,
        route,
    )
    tracked = world.client("anonymous").get(f"/api/v1/problems/track/{problem.tracking_code}/")
    assert tracked.json()["handling_unit"] == "华龙区人社局"
    assert "赵敏" not in tracked.content.decode()  # a unit, never a person
    # Accepted without naming a cadre: the handler it was routed to.
    accepted = world.client("reporter").post(
        f"/api/v1/problems/{problem.tracking_code}/accept/", {}, format="json"
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["assignee"] == route.handler.pk


def test_the_feedback_page_falls_back_to_the_district_default(client, world, routes):
    response = client.post("/feedback/", {**FEEDBACK, "category": "power"})
    assert response.status_code == 302
    problem = Problem.objects.get(category="power")
    assert (problem.responsible_unit, problem.assignee.name, problem.routed_by) == (
        "华龙区工信局",
        "钱亮",
        routes["default"],
    )


def test_a_district_without_routes_is_left_to_an_official(world, routes):
    body = {**FEEDBACK, "district": "jingkai"}
    response = world.client("anonymous").post("/api/v1/problems/", body, format="json")
    problem = Problem.objects.get(tracking_code=response.json()["tracking_code"])
    assert (problem.responsible_unit, problem.assignee, problem.routed_by) == ("", None, None)


def form(world, **values):
    return {
        "title": "用电增容",
        "description": "新产线需要增容",
        "category": "labour",
        "source": "visit",
        "district": world.hualong.district.pk,
        "enterprise": world.hualong.enterprise.pk,
        "raised_on": "2025-09-30",
        "responsible_unit": "",
        **values,
    }


def test_an_official_intake_in_the_admin_is_routed_unless_it_names_the_unit(world, routes):
    client = client_for(make_official(Role.REPORTER, world.hualong.district))
    assert client.post(admin_url(Problem, "add"), form(world)).status_code == 302
    routed = Problem.objects.get(title="用电增容")
    assert (routed.responsible_unit, routed.assignee, routed.routed_by) == (
        "华龙区人社局",
        routes["labour"].handler,
        routes["labour"],
    )
    accept = client.get(admin_url(Problem, "transition", routed.pk, "accept"))
    assert accept.context["form"].fields["assignee"].initial == routes["labour"].handler.pk
    named = form(
        world, title="自定", responsible_unit="市发展改革委", assignee=world.hualong.cadre.pk
    )
    assert client.post(admin_url(Problem, "add"), named).status_code == 302
    kept = Problem.objects.get(title="自定")
    assert (kept.responsible_unit, kept.assignee, kept.routed_by) == (
        "市发展改革委",
        world.hualong.cadre,
        None,
    )


def test_the_city_admin_edits_the_table(world, routes):
    assert (
        client_for(make_official(Role.REPORTER, world.hualong.district))
        .get(admin_url(ProblemRoute))
        .status_code
        == 403
    )
    admin = client_for(make_official(Role.CITY_ADMIN))
    listing = admin.get(admin_url(ProblemRoute)).content.decode()
    assert "华龙区人社局" in listing and "(default)" in listing
    twice = admin.post(
        admin_url(ProblemRoute, "add"),
        {"district": world.hualong.district.pk, "category": "labour", "responsible_unit": "又一个"},
    )
    assert twice.status_code == 200 and "already has a route" in twice.content.decode()
    added = admin.post(
        admin_url(ProblemRoute, "add"),
        {"district": world.jingkai.district.pk, "category": "", "responsible_unit": "开发区经发局"},
    )
    assert added.status_code == 302
    response = world.client("anonymous").post(
        "/api/v1/problems/", {**FEEDBACK, "district": "jingkai"}, format="json"
    )
    problem = Problem.objects.get(tracking_code=response.json()["tracking_code"])
    assert (problem.responsible_unit, problem.assignee) == ("开发区经发局", None)
