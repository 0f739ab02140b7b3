"""Meetings and their matters, support records, and the campaign figures' links (issue 19):
GET /api/v1/meetings/ (matters with tracking codes and status, closure rate) and the meeting's
admin page; GET /api/v1/support/ and the district page's list; "enterprises covered" links
to exactly the enterprises it counts."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period
from core.roles import Role
from projects.models import Meeting
from stats.campaign import campaign_stats
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import (
    AssignmentFactory,
    CadreFactory,
    DistrictFactory,
    EnterpriseFactory,
    MeetingFactory,
    ProblemFactory,
    SupportFactory,
    VisitFactory,
    official_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    district = world.hualong.district
    meeting = MeetingFactory(district=district, title="第5次重点项目调度会")
    matters = [
        ProblemFactory(district=district, meeting=meeting, source="dispatch", closed=True),
        ProblemFactory(district=district, meeting=meeting, source="dispatch", resolved=True),
        ProblemFactory(district=district, meeting=meeting, source="dispatch", in_progress=True),
    ]
    ProblemFactory(district=district, meeting=MeetingFactory(district=district), accepted=True)
    return meeting, matters


def test_the_meetings_endpoint_lists_matters_and_the_closure_rate(world, meeting):
    meeting, matters = meeting
    assert world.client("anonymous").get("/api/v1/meetings/").status_code in (401, 403)
    body = world.client("reporter").get("/api/v1/meetings/", {"district": "hualong"}).json()
    entry = next(row for row in body["results"] if row["id"] == meeting.pk)
    assert (entry["date"], entry["title"], entry["district"]) == (
        "2022-05-06",
        "第5次重点项目调度会",
        "hualong",
    )
    assert [(m["tracking_code"], m["status"]) for m in entry["matters"]] == [
        (matters[0].tracking_code, "closed"),
        (matters[1].tracking_code, "resolved"),
        (matters[2].tracking_code, "in_progress"),
    ]
    assert entry["closure_rate"] == 66.7  # 2 of 3 resolved or closed
    other = world.client("other_reporter").get("/api/v1/meetings/").json()
    assert meeting.pk not in [row["id"] for row in other["results"]]
    filtered = world.client("reporter").get("/api/v1/meetings/", {"district": "jingkai"}).json()
    assert filtered["count"] == 0
    bad = world.client("reporter").get("/api/v1/meetings/", {"year": "二〇二二"})
    assert bad.status_code == 400 and "year" in bad.json()


def test_the_meeting_admin_page_lists_its_matters(world, meeting):
    meeting, matters = meeting
    client = client_for(make_official(Role.REPORTER, world.hualong.district))
    page = client.get(admin_url(Meeting, "change", meeting.pk)).content.decode()
    assert all(matter.tracking_code in page for matter in matters)
    assert "66.7% (2 of 3)" in page


def test_the_support_list_is_public_without_descriptions(world):
    hualong, jingkai = world.hualong.enterprise, world.jingkai.enterprise
    SupportFactory(enterprise=hualong, kind="loan", amount=Decimal("500.00"), description="贷款")
    SupportFactory(enterprise=hualong, kind="tax_relief", amount=Decimal("12.50"))
    SupportFactory(enterprise=jingkai, kind="loan", granted_on=datetime.date(2023, 2, 1))
    anonymous = world.client("anonymous")
    body = anonymous.get("/api/v1/support/", {"district": "hualong", "kind": "loan"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["enterprise"], row["kind"], row["amount"], row["date"]) == (
        hualong.credit_code,
        "loan",
        "500.00",
        "2022-07-01",
    )
    assert "description" not in row and "contact_phone" not in row
    assert anonymous.get("/api/v1/support/", {"year": 2023}).json()["count"] == 1
    official = world.client("reporter").get("/api/v1/support/", {"kind": "loan", "year": 2022})
    assert official.json()["results"][0]["description"] == "贷款"
    assert anonymous.get("/api/v1/support/", {"kind": "gift"}).status_code == 400


def test_enterprises_covered_links_to_exactly_the_enterprises_counted(token_client):
    district = DistrictFactory()
    cadre, other = CadreFactory(district=district), CadreFactory(district=district)
    first, second = EnterpriseFactory(district=district), EnterpriseFactory(district=district)
    AssignmentFactory(cadre=cadre, enterprise=first)
    AssignmentFactory(cadre=other, enterprise=first)  # two assignment rows, one enterprise
    AssignmentFactory(cadre=other, enterprise=second, start=datetime.date(2022, 3, 1))
    AssignmentFactory(  # ended before the year: not covered in 2022
        cadre=cadre,
        enterprise=EnterpriseFactory(district=district),
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    AssignmentFactory(  # begun after the period's day: not yet covered on 31 March
        cadre=cadre,
        enterprise=EnterpriseFactory(district=district),
        start=datetime.date(2022, 6, 1),
    )
    SupportFactory(enterprise=first, kind="loan", granted_on=datetime.date(2022, 2, 1))
    SupportFactory(enterprise=first, kind="loan", granted_on=datetime.date(2022, 5, 1))
    admin = official_user(Role.CITY_ADMIN)
    figures = campaign_stats(period=Period(2022, 3), district=district, user=admin)
    assert figures["enterprises_covered"] == 2
    client = token_client(admin)
    listed = client.get(figures["links"]["enterprises_covered"]).json()
    assert listed["count"] == 2
    assert {row["credit_code"] for row in listed["results"]} == {
        first.credit_code,
        second.credit_code,
    }
    loans = next(kind for kind in figures["support"] if kind["kind"] == "loan")
    assert loans["count"] == 1  # the May loan is after 31 March
    assert client.get(loans["links"]["rows"]).json()["count"] == 1


def test_visits_and_matters_link_to_exactly_the_rows_counted_by_the_periods_day(token_client):
    """March 2022 of a unit: visits on 10 March and 2 May, a dispatch meeting on 7 March
    assigning one matter (accepted, not solved) and one on 9 May assigning another. The month
    counts 1 visit, 1 meeting, 1 matter and none solved; its links list exactly those, not
    the year's later rows."""
    district = DistrictFactory()
    cadre = CadreFactory(district=district)
    VisitFactory(cadre=cadre, visited_on=datetime.date(2022, 3, 10))
    VisitFactory(cadre=cadre, visited_on=datetime.date(2022, 5, 2))
    for held_on in (datetime.date(2022, 3, 7), datetime.date(2022, 5, 9)):
        meeting = MeetingFactory(district=district, held_on=held_on)
        ProblemFactory(
            district=district, meeting=meeting, source="dispatch", raised_on=held_on, accepted=True
        )
    admin = official_user(Role.CITY_ADMIN)
    figures = campaign_stats(period=Period(2022, 3), district=district, user=admin)
    assert (figures["visits"], figures["dispatch_meetings"], figures["matters_assigned"]) == (
        1,
        1,
        1,
    )
    assert figures["matters_solved"] == 0
    client = token_client(admin)
    assert client.get(figures["links"]["visits"]).json()["count"] == 1
    assert client.get(figures["links"]["dispatch_meetings"]).json()["count"] == 1
    assert client.get(figures["links"]["matters"]).json()["count"] == 1
    assert client.get(figures["links"]["matters_solved"]).json()["count"] == 0


def test_the_district_page_lists_the_support_and_links_the_figures(client, world):
    SupportFactory(enterprise=world.hualong.enterprise, kind="loan", amount=Decimal("500.00"))
    page = client.get("/districts/hualong/", {"year": 2022}).content.decode()
    assert 'id="support"' in page and world.hualong.enterprise.name in page
    assert "/api/v1/support/?district=hualong&amp;kind=loan&amp;year=2022" in page
