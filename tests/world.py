"""Two districts with public and unpublished data and an official of every role: the data the
API tests and the list pages' filter and ordering checks read (fixtures `world` and
`varied_world` in conftest.py).

`build_world()` is the plain world; `vary()` adds rows and sets values so that every filter of
every FilterSet and every ordering key has rows to tell apart (for the city administrator).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Notification, PeriodStatus, ReportingPeriod
from core.roles import Role
from core.tokens import api_token_create
from districts.models import District, DistrictKind
from enterprises.choices import (
    AssignmentRole,
    EnterpriseKind,
    ProblemSource,
    SupportKind,
    VisitMode,
)
from projects.choices import (
    Category,
    FundingKind,
    Level,
    MeetingKind,
    MilestoneKind,
    Nature,
    PoolReviewStatus,
    RoundList,
    Stage,
)
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
    MeetingFactory,
    MilestoneFactory,
    OfficialFactory,
    PoolReviewFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
    RoundFactory,
    SupportFactory,
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
    milestone: object = None
    hidden_milestone: object = None
    funding: object = None
    hidden_funding: object = None
    assignment: object = None
    project_assignment: object = None  # the cadre's assignment to `project` (华龙区 only)
    visit: object = None
    pool_review: object = None
    hidden_pool_review: object = None


@dataclass
class World:
    hualong: Side
    jingkai: Side
    round: object
    entries: list = field(default_factory=list)  # the round's, as listed: signed, started, …
    users: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    # The rows `vary()` adds (None in the plain world).
    more: object = None

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
    milestones, funding = [], []
    for each in (project, hidden):
        AnnualPlanFactory(project=each, year=2022, planned_investment=Decimal("10000.00"))
        milestones.append(MilestoneFactory(project=each, planned_date=datetime.date(2022, 6, 30)))
        funding.append(FundingFactory(project=each, year=2022))
    ApprovalItemFactory(project=project)
    # 入库 proposals, a day apart: 华龙区's on 1 and 2 May 2022, 经开区's on 3 and 4 May.
    first = datetime.datetime(2022, 5, 1 if code == "hualong" else 3, 9, tzinfo=datetime.UTC)
    pool_reviews = [
        PoolReviewFactory(project=each, proposed_at=first + datetime.timedelta(days=n))
        for n, each in enumerate((project, hidden))
    ]
    cadre = CadreFactory(district=district, phone="13900000000")
    assignment = AssignmentFactory(cadre=cadre, enterprise=enterprise)
    visit = VisitFactory(cadre=cadre, enterprise=enterprise, district=district)
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
        milestone=milestones[0],
        hidden_milestone=milestones[1],
        funding=funding[0],
        hidden_funding=funding[1],
        assignment=assignment,
        visit=visit,
        pool_review=pool_reviews[0],
        hidden_pool_review=pool_reviews[1],
    )


def build_world():
    """华龙区 (the reporter's own) and 经开区 (another district's), viewers of every role.

    The cadre works in 华龙区 and is assigned to its enterprise and its published project.
    """
    DistrictFactory(code="puyang", name="濮阳市", kind=DistrictKind.CITY, order=0)
    industry = IndustryFactory(code="hydrogen", name="氢能")
    label = EnterpriseLabelFactory(code="specialised", name="专精特新")
    hualong = build_side("hualong", "华龙区", industry, label)
    jingkai = build_side("jingkai", "经开区", industry, label)
    round_ = RoundFactory(code="r1", number=1, name="第一期")
    entries = [
        RoundEntryFactory(round=round_, project=hualong.project, round_list=RoundList.SIGNED),
        RoundEntryFactory(
            round=round_, project=hualong.hidden_project, round_list=RoundList.STARTED
        ),
        RoundEntryFactory(
            round=round_, project=jingkai.project, round_list=RoundList.IN_PRODUCTION
        ),
    ]

    def official(role, district=None, username=None):
        return OfficialFactory(
            role=role, district=district, user=UserFactory(username=username, is_staff=True)
        ).user

    cadre_user = official(Role.CADRE, username="cadre")
    cadre = hualong.cadre
    cadre.user = cadre_user
    cadre.save()
    hualong.project_assignment = AssignmentFactory(
        cadre=cadre, project=hualong.project, enterprise=None
    )
    users = {
        "plain": UserFactory(username="plain"),
        "reporter": official(Role.REPORTER, hualong.district, "reporter"),
        "reviewer": official(Role.REVIEWER, hualong.district, "reviewer"),
        "other_reporter": official(Role.REPORTER, jingkai.district, "other_reporter"),
        "cadre": cadre_user,
        "city_admin": official(Role.CITY_ADMIN, username="city_admin"),
    }
    return World(hualong=hualong, jingkai=jingkai, round=round_, entries=entries, users=users)


def _update(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def vary(world):
    """Make the world's rows differ in every field a filter or an ordering reads; the rows
    added are in `world.more`. Returns the world."""
    hl, jk = world.hualong, world.jingkai
    _update(hl.district, parent=District.objects.get(code="puyang"), order=1)
    _update(jk.district, kind=DistrictKind.DEVELOPMENT_ZONE, order=2)
    chemicals = IndustryFactory(code="chemicals", name="化工新材料", order=1)
    _update(hl.project.industry, order=2)

    _update(hl.enterprise, name="华龙氢能科技有限公司")
    _update(
        jk.enterprise,
        name="经开化工有限公司",
        industry=chemicals,
        kind=EnterpriseKind.INSTITUTE,
    )
    small = EnterpriseFactory(
        district=hl.district, industry=chemicals, name="华龙小微企业", is_above_scale=False
    )

    _update(
        hl.project,
        name="氢能产业园",
        level=Level.PROVINCIAL,
        stage=Stage.UNDER_CONSTRUCTION,
    )
    _update(hl.hidden_project, name="氢能装备制造基地")
    _update(
        jk.project,
        name="化工新材料园区道路",
        industry=chemicals,
        category=Category.INFRASTRUCTURE,
        nature=Nature.CONTINUING,
        planned_start=datetime.date(2021, 6, 1),
    )
    _update(jk.hidden_project, name="化工研发中心")
    AnnualPlanFactory(project=hl.project, year=2023, planned_investment=Decimal("20000.00"))
    report_2023 = ProgressReportFactory(
        project=hl.project, year=2023, month=3, approved=True, completed_investment=Decimal("3000")
    )

    _update(
        hl.milestone,
        kind=MilestoneKind.SIGNING,
        planned_date=datetime.date(2022, 3, 1),
        actual_date=datetime.date(2022, 3, 5),
    )
    _update(jk.milestone, kind=MilestoneKind.PRODUCTION, planned_date=datetime.date(2099, 6, 30))
    _update(jk.hidden_milestone, actual_date=datetime.date(2022, 7, 10))

    _update(hl.funding, kind=FundingKind.SPECIAL_BOND, secured=5000, disbursed=4000)
    _update(jk.funding, year=2023, secured=2000, disbursed=500)
    _update(jk.hidden_funding, kind=FundingKind.BANK_LOAN, secured=300, disbursed=300)
    _update(jk.pool_review, status=PoolReviewStatus.APPROVED)

    second_round = RoundFactory(
        code="r2", number=2, name="第二期", district=hl.district, held_on=datetime.date(2023, 2, 10)
    )
    second_entries = [
        RoundEntryFactory(round=second_round, project=project, round_list=list_)
        for side in (hl, jk)
        for project, list_ in (
            (side.project, RoundList.STARTED),
            (side.hidden_project, RoundList.SIGNED),
        )
    ]

    _update(hl.cadre, name="王芳", unit="华龙区发展和改革委员会")
    _update(jk.cadre, name="李强", unit="经开区管委会")
    _update(jk.assignment, end=datetime.date(2099, 12, 31))
    ended = AssignmentFactory(
        cadre=hl.cadre,
        enterprise=small,
        role=AssignmentRole.CHIEF_SERVICE_OFFICER,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )

    _update(jk.visit, visited_on=datetime.date(2022, 8, 20))
    call = VisitFactory(
        cadre=hl.cadre,
        district=hl.district,
        enterprise=None,
        project=hl.project,
        visited_on=datetime.date(2023, 3, 1),
        mode=VisitMode.CALL,
    )

    _update(
        jk.problem,
        raised_on=datetime.date(2022, 9, 1),
        due_date=datetime.date(2099, 1, 1),
        status="accepted",
        accepted_on=datetime.date(2022, 9, 2),
        # Reopened once by the enterprise (back with its handler).
        reopened=1,
        reopened_on=datetime.date(2022, 9, 20),
    )
    power = ProblemFactory(
        district=hl.district,
        enterprise=hl.enterprise,
        project=hl.project,
        title="用电增容",
        category="power",
        source=ProblemSource.FEEDBACK,
        raised_on=datetime.date(2023, 2, 1),
        due_date=datetime.date(2023, 3, 1),
        assignee=hl.cadre,
        closed=True,
        # The steps' dates follow the raising (the ledger's dates are in order).
        accepted_on=datetime.date(2023, 2, 2),
        resolved_on=datetime.date(2023, 2, 20),
        closed_on=datetime.date(2023, 2, 25),
    )
    # Meetings and support received, told apart by district, kind and year.
    dispatch = MeetingFactory(
        district=hl.district,
        kind=MeetingKind.DISPATCH,
        title="华龙区重点项目调度会",
        held_on=datetime.date(2022, 5, 6),
    )
    symposium = MeetingFactory(
        district=jk.district,
        kind=MeetingKind.SYMPOSIUM,
        title="经开区企业座谈会",
        held_on=datetime.date(2023, 3, 2),
    )
    loan = SupportFactory(
        enterprise=hl.enterprise,
        kind=SupportKind.LOAN,
        amount=Decimal("500.00"),
        granted_on=datetime.date(2022, 7, 1),
    )
    subsidy = SupportFactory(
        enterprise=jk.enterprise,
        kind=SupportKind.SUBSIDY,
        amount=Decimal("800.00"),
        granted_on=datetime.date(2023, 2, 1),
    )
    # "Now" is December 2022: the lights and rates of the projects' 2022 plans differ.
    ReportingPeriod.objects.create(year=2022, month=11, status=PeriodStatus.CLOSED)
    ReportingPeriod.objects.create(year=2022, month=12, status=PeriodStatus.CLOSED)
    open_period = ReportingPeriod.objects.create(year=2023, month=1, status=PeriodStatus.OPEN)
    # 经开区's published project is ahead of its plan (yellow: its start is overdue); the
    # others are far behind (red).
    _update(jk.approved, completed_investment=Decimal("10500"))
    admin = world.users["city_admin"]
    unread = Notification.objects.create(
        key="tests-unread",
        recipient=admin,
        kind="filing_due",
        unit="华龙区",
        title="催报：华龙区2022年12月",
    )
    read = Notification.objects.create(
        key="tests-read",
        recipient=admin,
        kind="problem_escalated",
        title="督办：逾期问题",
        read_at=timezone.now(),
    )
    world.more = SimpleNamespace(
        unread=unread,
        read=read,
        open_period=open_period,
        second_entries=second_entries,
        chemicals=chemicals,
        small=small,
        report_2023=report_2023,
        round=second_round,
        ended=ended,
        call=call,
        power=power,
        dispatch=dispatch,
        symposium=symposium,
        loan=loan,
        subsidy=subsidy,
    )
    return world
