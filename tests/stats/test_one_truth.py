"""One clock, one truth, on the Puyang demo through HTTP: the same light for a project on
every face, the district page's rank is the 赛马's, approving in an open or future period
does not move what the public sees, officials see at least what the public sees, and
every linked list reproduces its figure."""

from decimal import Decimal

import pytest
from django.test import Client

from core.models import PeriodStatus, ReportingPeriod
from core.roles import Role
from districts.models import District
from projects.models import Project
from tests.admin.helpers import client_for, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    """The session's demo (tests/conftest.py), with its reporting cycle: January to April
    2023 closed, May open."""
    assert list(ReportingPeriod.objects.closed().values_list("month", flat=True)) == [4, 3, 2, 1]


def rows(client, url):
    """Every row of a paged API list, following `next` (100 rows a page)."""
    found = []
    url += "&page_size=100" if "?" in url else "?page_size=100"
    while url:
        body = client.get(url).json()
        found += body["results"]
        url = body["next"]
    return found


def amount(rows_, field):
    return sum((Decimal(row[field]) for row in rows_), Decimal("0.00"))


def test_a_project_shows_the_same_light_on_every_face(demo):
    anonymous, admin = Client(), client_for(make_official(Role.CITY_ADMIN, username="city"))
    listed = {
        p.code: p.warning for p in anonymous.get("/projects/?page_size=100").context["projects"]
    }
    lights = set(listed.values())
    assert lights >= {"green", "red"}, lights  # the sample covers more than one colour
    admin_rows = admin.get("/admin/projects/project/", {"year": 2023}).context["cl"].result_list
    in_admin = {p.code: p.warning for p in admin_rows}
    for district in District.objects.units():
        page = anonymous.get(f"/districts/{district.code}/").context["projects"]
        for project in page:
            assert listed.get(project.code, project.warning) == project.warning, project.code
    for code, light in list(listed.items())[:25]:
        assert anonymous.get(f"/projects/{code}/").context["progress"]["warning"] == light, code
        assert anonymous.get(f"/api/v1/projects/{code}/").json()["warning"] == light, code
        if code in in_admin:
            assert in_admin[code] == light, code


def test_the_district_page_rank_is_the_rankings_rank(demo):
    client = Client()
    table = client.get("/rankings/").context["progress"]
    assert table["month"] == 4  # "now" is the newest closed period, April 2023
    ranks = {row["district"]: row["rank"] for row in table["results"]}
    assert sorted(ranks.values()) != [1] * len(ranks)
    for code, rank in ranks.items():
        assert client.get(f"/districts/{code}/").context["progress"]["rank"] == rank, code


def test_approving_in_an_open_or_future_period_moves_nothing_public(demo, token_client):
    public = Client()
    before_stats = public.get("/api/v1/stats/districts/").json()
    before_home = public.get("/").context["progress"]["city"]
    project = Project.objects.public().filter(annual_plans__year=2023).first()
    reporter = make_official(Role.REPORTER, project.district, username="r")
    reviewer = make_official(Role.REVIEWER, project.district, username="v")
    admin = make_official(Role.CITY_ADMIN, username="a")
    for month, filer in ((5, reporter), (9, admin)):  # May is open; September is not yet
        created = token_client(filer).post(
            "/api/v1/progress-reports/",
            {"project": project.code, "year": 2023, "month": month, "completed_investment": "900"},
            format="json",
        )
        assert created.status_code == 201, created.content
        report = created.json()["id"]
        token_client(filer).post(f"/api/v1/progress-reports/{report}/submit/")
        approved = token_client(reviewer).post(f"/api/v1/progress-reports/{report}/approve/")
        assert approved.json()["status"] == "approved"
    assert public.get("/api/v1/stats/districts/").json() == before_stats
    assert public.get("/").context["progress"]["city"] == before_home
    # Closing May moves "now", and the May figure then counts.
    ReportingPeriod.objects.filter(year=2023, month=5).update(status=PeriodStatus.CLOSED)
    after = public.get("/api/v1/stats/districts/").json()
    assert after["month"] == 5
    assert Decimal(after["city"]["completed_investment"]) > Decimal(
        before_stats["city"]["completed_investment"]
    )


@pytest.mark.parametrize("role", [Role.REPORTER, Role.CADRE])
def test_an_official_sees_at_least_what_the_public_sees(demo, token_client, role):
    jingkai = District.objects.get(code="jingkai")
    official = make_official(role, jingkai, username="o")
    public = {row["code"] for row in rows(Client(), "/api/v1/projects/")}
    seen = {row["code"] for row in rows(token_client(official), "/api/v1/projects/")}
    assert public and public <= seen
    page = client_for(official).get("/projects/?page_size=100")
    assert page.context["page_obj"].paginator.count >= len(public)
    hualong_published = Project.objects.public().filter(district__code="hualong").first()
    assert client_for(official).get(f"/projects/{hualong_published.code}/").status_code == 200


@pytest.mark.parametrize("viewer", ["anonymous", "city_admin"])
def test_every_linked_list_reproduces_its_figure(demo, token_client, viewer):
    if viewer == "anonymous":
        client = Client()
    else:
        client = token_client(make_official(Role.CITY_ADMIN, username="c"))
    for year, month in ((2022, 12), (2023, 4)):
        table = client.get("/api/v1/stats/districts/", {"year": year, "month": month}).json()
        assert table["scope"] == ("public" if viewer == "anonymous" else "official")
        for entry in [table["city"], *table["results"]]:
            projects = rows(client, entry["links"]["projects"])
            assert len(projects) == entry["project_count"], entry["name"]
            reports = rows(client, entry["links"]["reports"])
            assert amount(reports, "completed_investment") == Decimal(
                entry["completed_investment"]
            ), entry["name"]
    for district in [None, *District.objects.units()]:
        query = {"year": 2022, **({"district": district.code} if district else {})}
        funding = client.get("/api/v1/stats/funding/", query).json()
        linked = rows(client, funding["links"]["funding"])
        assert amount(linked, "secured") == Decimal(funding["secured"])
        assert amount(linked, "disbursed") == Decimal(funding["disbursed"])
        problems = client.get("/api/v1/stats/problems/", query).json()
        campaign = client.get("/api/v1/stats/campaign/", query).json()
        if viewer == "anonymous":
            assert problems["links"] is None and campaign["links"] is None
            continue
        for figure in ("raised", "accepted", "resolved", "overdue"):
            assert len(rows(client, problems["links"][figure])) == problems[figure], figure
        assert len(rows(client, campaign["links"]["cadres"])) == campaign["cadres"]
        assert len(rows(client, campaign["links"]["visits"])) == campaign["visits"]


def test_the_article_s_campaign_figures_come_from_the_records(demo):
    client = Client()

    def campaign(code):
        return client.get("/api/v1/stats/campaign/", {"year": 2022, "district": code}).json()

    hualong, jingkai = campaign("hualong"), campaign("jingkai")
    shifanqu, gongyeyuan = campaign("shifanqu"), campaign("gongyeyuan")
    assert hualong["cadres"] == 475 and jingkai["cadres"] == 528
    assert jingkai["matters_assigned"] == 72  # 70余 matters assigned at dispatch meetings
    tax = {k["kind"]: k for k in jingkai["support"]}
    assert tax["tax_relief"]["amount"] == "30000.00"  # 3 亿元 of tax relief
    assert tax["subsidy"]["enterprises"] == 19  # 19 enterprises given awards
    assert shifanqu["dispatch_meetings"] == 34 and shifanqu["enterprises_covered"] == 45
    assert shifanqu["visits"] > 100
    assert {k["kind"]: k for k in shifanqu["support"]}["tax_relief"]["amount"] == "13000.00"
    assert gongyeyuan["cadres"] == 53
    assert (gongyeyuan["visits"], gongyeyuan["visited"]) == (1036, 65)
    loans = {k["kind"]: k for k in gongyeyuan["support"]}["loan"]
    assert loans["amount"] == "32300.00"  # 3 亿元 to 君恒 and 2,300 万元 to 恩赢
