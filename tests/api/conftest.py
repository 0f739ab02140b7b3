"""Fixtures of the API tests: two districts with public and unpublished data, an official of
every role with a token, and a client per viewer (answers in English, so tests read data)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core.roles import Role
from core.tokens import api_token_create
from districts.models import DistrictKind
from enterprises.choices import ProblemStatus
from projects.choices import ReportStatus, RoundList
from tests.factories import (
    AnnualPlanFactory,
    ApprovalItemFactory,
    AssignmentFactory,
    CadreFactory,
    DistrictFactory,
    EnterpriseFactory,
    EnterpriseLabelFactory,
    FundingFactory,
    IndustryFactory,
    MilestoneFactory,
    OfficialFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
    RoundFactory,
    UserFactory,
    VisitFactory,
)

VIEWERS = ["anonymous", "plain", "reporter", "reviewer", "other_reporter", "cadre", "city_admin"]


@dataclass
class Side:
    """One district's data: a published and an unpublished project and campaign records."""

    district: object
    project: object
    hidden_project: object
    enterprise: object
    cadre: object
    problem: object
    draft: object
    approved: object
    hidden_approved: object


@dataclass
class World:
    hualong: Side
    jingkai: Side
    round: object
    users: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def client(self, viewer):
        """A client for a viewer name of VIEWERS, with `Accept-Language: en`."""
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        user = self.users.get(viewer)
        if user is not None:
            if viewer not in self.keys:
                self.keys[viewer] = api_token_create(user=user, name="tests")[1]
            client.credentials(HTTP_AUTHORIZATION=f"Token {self.keys[viewer]}")
        return client


def build_side(code, name, industry, label):
    district = DistrictFactory(code=code, name=name, kind=DistrictKind.DISTRICT)
    enterprise = EnterpriseFactory(
        district=district,
        industry=industry,
        labels=[label],
        contact_person="联系人" + name,
        contact_phone="0393-1234567",
    )
    project = ProjectFactory(
        code=f"{code}-pub",
        district=district,
        industry=industry,
        owner=enterprise,
        total_investment=Decimal("120000.00"),
    )
    hidden = ProjectFactory(
        code=f"{code}-hidden", district=district, industry=industry, is_published=False
    )
    for each in (project, hidden):
        AnnualPlanFactory(project=each, year=2022, planned_investment=Decimal("10000.00"))
        MilestoneFactory(project=each, planned_date=datetime.date(2022, 6, 30))
        FundingFactory(project=each, year=2022)
    ApprovalItemFactory(project=project)
    cadre = CadreFactory(district=district, phone="13900000000")
    AssignmentFactory(cadre=cadre, enterprise=enterprise)
    VisitFactory(cadre=cadre, enterprise=enterprise, district=district)
    return Side(
        district=district,
        project=project,
        hidden_project=hidden,
        enterprise=enterprise,
        cadre=cadre,
        problem=ProblemFactory(
            district=district,
            enterprise=enterprise,
            submitter_name="张三",
            submitter_phone="13800000000",
        ),
        draft=ProgressReportFactory(project=project, year=2022, month=2),
        approved=ProgressReportFactory(
            project=project, year=2022, month=1, approved=True, completed_investment=Decimal("2500")
        ),
        hidden_approved=ProgressReportFactory(project=hidden, year=2022, month=1, approved=True),
    )


@pytest.fixture
def world(db):
    """华龙区 (the reporter's own) and 经开区 (another district's), viewers of every role.

    The cadre works in 华龙区 and is assigned to its enterprise and its published project.
    """
    DistrictFactory(code="puyang", name="濮阳市", kind=DistrictKind.CITY, order=0)
    industry = IndustryFactory(code="hydrogen", name="氢能")
    label = EnterpriseLabelFactory(code="specialised", name="专精特新")
    hualong = build_side("hualong", "华龙区", industry, label)
    jingkai = build_side("jingkai", "经开区", industry, label)
    round_ = RoundFactory(code="r1", number=1, name="第一期")
    RoundEntryFactory(round=round_, project=hualong.project, round_list=RoundList.SIGNED)
    RoundEntryFactory(round=round_, project=hualong.hidden_project, round_list=RoundList.STARTED)
    RoundEntryFactory(round=round_, project=jingkai.project, round_list=RoundList.IN_PRODUCTION)

    def official(role, district=None, username=None):
        return OfficialFactory(
            role=role, district=district, user=UserFactory(username=username, is_staff=True)
        ).user

    cadre_user = official(Role.CADRE, username="cadre")
    cadre = hualong.cadre
    cadre.user = cadre_user
    cadre.save()
    AssignmentFactory(cadre=cadre, project=hualong.project, enterprise=None)
    users = {
        "plain": UserFactory(username="plain"),
        "reporter": official(Role.REPORTER, hualong.district, "reporter"),
        "reviewer": official(Role.REVIEWER, hualong.district, "reviewer"),
        "other_reporter": official(Role.REPORTER, jingkai.district, "other_reporter"),
        "cadre": cadre_user,
        "city_admin": official(Role.CITY_ADMIN, username="city_admin"),
    }
    return World(hualong=hualong, jingkai=jingkai, round=round_, users=users)


@pytest.fixture
def submitted(world):
    """A submitted report of 华龙区, waiting for its reviewer."""
    return ProgressReportFactory(
        project=world.hualong.project, year=2022, month=3, status=ReportStatus.SUBMITTED
    )


@pytest.fixture
def accepted_problem(world):
    return ProblemFactory(district=world.hualong.district, status=ProblemStatus.ACCEPTED)


@pytest.fixture(scope="session")
def openapi(django_db_setup, django_db_blocker):
    """The OpenAPI document as /api/v1/schema/ serves it (generated once per run)."""
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()
