"""factory_boy factories for every model of the districts, projects and enterprises apps.

Every factory builds valid data by default (the model's `full_clean()` passes and the
database constraints hold): unique codes come from sequences, names look Chinese, money is
a `Decimal` in 万元, credit codes carry a correct check character. Override what a test is
about and leave the rest::

    hualong = DistrictFactory(code="hualong", name="华龙区")
    project = ProjectFactory(district=hualong, total_investment=Decimal("120000"))
    AnnualPlanFactory(project=project, year=2022, planned_investment=Decimal("10000"))
    ProgressReportFactory(project=project, year=2022, month=6, approved=True)
    reviewer = OfficialFactory(role=Role.REVIEWER, district=hualong)

Defaults worth knowing: projects are published (`is_published=True`) so public pages and the
anonymous API see them; monthly reports are drafts unless a status trait (`submitted`,
`approved`, `returned`) is given; problems are `raised` unless a trait (`accepted`,
`in_progress`, `resolved`, `closed`, `rejected`) is given; a cadre official gets no Cadre
record by itself (`CadreFactory(user=official.user)` links one).
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import uscc

from core.models import ReportingPeriod
from core.roles import Role
from districts.models import District, DistrictKind, Official
from enterprises.choices import (
    AssignmentRole,
    EnterpriseKind,
    ProblemCategory,
    ProblemOutcome,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
    SupportKind,
    VisitMode,
)
from enterprises.models import (
    Assignment,
    Cadre,
    Enterprise,
    EnterpriseLabel,
    MatterCarryOver,
    Problem,
    ProblemLimit,
    ProblemRoute,
    Support,
    Visit,
    VisitPhoto,
)
from projects.choices import (
    ApprovalKind,
    Category,
    FundingKind,
    Level,
    MeetingKind,
    MilestoneKind,
    Nature,
    PoolReviewStatus,
    ReportStatus,
    ResourceKind,
    RoundList,
    Stage,
)
from projects.models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    Photo,
    PoolReview,
    ProgressReport,
    Project,
    RequiredApproval,
    ResourceNeed,
    Round,
    RoundEntry,
)

DEFAULT_PASSWORD = "test-password-123"

# Administrative division code of Puyang city (濮阳市), used in generated credit codes.
PUYANG_DIVISION = "410900"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
]
TRADE_NAMES = ["华龙", "中原", "龙都", "濮上", "绿城", "恒通", "瑞丰", "宏业", "金堤", "开元"]
SECTORS = ["新材料", "氢能科技", "化工", "装备制造", "信息技术", "生物科技", "新能源", "医药"]
INDUSTRY_NAMES = ["氢能", "化工新材料", "装备制造", "新一代信息技术", "医学大数据", "生物新能源"]
PROJECT_KINDS = ["产业园", "生产线", "综合体", "改扩建", "智能制造", "基础设施"]


def person_name(n):
    """A Chinese-looking personal name, different for nearby sequence numbers."""
    return SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[(n // len(SURNAMES)) % len(GIVEN_NAMES)]


def organization_code(n):
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = f"{n % 10**8:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(n, registration="91", division=PUYANG_DIVISION):
    """A valid 18-character unified social credit code (GB 32100-2015), unique per `n`."""
    first17 = f"{registration}{division}{organization_code(n)}"
    return first17 + uscc.calc_check_digit(first17)


class UserFactory(factory.django.DjangoModelFactory):
    """A plain login without any role; `password` is DEFAULT_PASSWORD unless given."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)])
    last_name = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)])
    password = factory.django.Password(DEFAULT_PASSWORD)
    is_active = True


class DistrictFactory(factory.django.DjangoModelFactory):
    """A district-level reporting unit; pass `kind` and `parent` for zones, parks or the city."""

    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"测试{n}区")
    kind = DistrictKind.DISTRICT
    parent = None
    order = factory.Sequence(lambda n: n % 1000)


class OfficialFactory(factory.django.DjangoModelFactory):
    """An official: a staff login with a role; district officials get a district by default.

    `OfficialFactory(role=Role.CITY_ADMIN)` and `OfficialFactory(role=Role.CADRE)` have no
    district unless one is given.
    """

    class Meta:
        model = Official

    user = factory.SubFactory(UserFactory, is_staff=True)
    role = Role.REPORTER
    district = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.CITY_ADMIN, Role.CADRE)),
        yes_declaration=None,
        no_declaration=factory.SubFactory(DistrictFactory),
    )


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"industry-{n}")
    name = factory.Sequence(lambda n: f"{INDUSTRY_NAMES[n % len(INDUSTRY_NAMES)]}{n}")
    order = factory.Sequence(lambda n: n % 1000)


class EnterpriseLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseLabel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"label-{n}")
    name = factory.Sequence(lambda n: f"专精特新企业（第{n}批）")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """An enterprise with a valid, unique credit code; `labels=[...]` sets its labels."""

    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(
        lambda n: (
            f"濮阳市{TRADE_NAMES[n % len(TRADE_NAMES)]}"
            f"{SECTORS[(n // len(TRADE_NAMES)) % len(SECTORS)]}有限公司（{n}）"
        )
    )
    credit_code = factory.Sequence(credit_code)
    kind = EnterpriseKind.ENTERPRISE
    district = factory.SubFactory(DistrictFactory)
    industry = factory.SubFactory(IndustryFactory)
    is_above_scale = True
    address = factory.Sequence(lambda n: f"濮阳市华龙区示例路{n}号")
    contact_person = factory.Sequence(person_name)
    contact_phone = factory.Sequence(lambda n: f"0393-{8000000 + n % 1000000:07d}")
    is_sample = False

    @factory.post_generation
    def labels(self, create, extracted, **kwargs):
        if create and extracted:
            self.labels.set(extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published city-level industrial project in the planning stage, 5 亿元 in total."""

    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"proj-{n:05d}")
    name = factory.Sequence(
        lambda n: (
            f"{INDUSTRY_NAMES[n % len(INDUSTRY_NAMES)]}"
            f"{PROJECT_KINDS[(n // len(INDUSTRY_NAMES)) % len(PROJECT_KINDS)]}项目（{n}）"
        )
    )
    district = factory.SubFactory(DistrictFactory)
    level = Level.CITY
    category = Category.INDUSTRIAL
    nature = Nature.NEW
    industry = factory.SubFactory(IndustryFactory)
    stage = Stage.PLANNED
    total_investment = Decimal("50000.00")
    owner = None
    leader = factory.Sequence(person_name)
    planned_start = datetime.date(2022, 3, 1)
    planned_completion = datetime.date(2024, 12, 31)
    location = factory.LazyAttribute(lambda o: f"{o.district.name}示例路")
    construction_content = "新建厂房、生产线及配套设施。"
    is_published = True
    is_sample = False


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2022
    planned_investment = Decimal("10000.00")
    goals = "完成主体工程建设。"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A monthly report, a draft by default; traits `submitted`, `approved`, `returned`."""

    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory)
    year = 2022
    month = 1
    completed_investment = Decimal("1000.00")
    narrative = "主体结构施工中。"
    problems_met = ""
    status = ReportStatus.DRAFT

    class Params:
        submitted = factory.Trait(
            status=ReportStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            status=ReportStatus.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            reviewed_at=factory.LazyFunction(timezone.now),
        )
        returned = factory.Trait(
            status=ReportStatus.RETURNED,
            submitted_at=factory.LazyFunction(timezone.now),
            reviewed_at=factory.LazyFunction(timezone.now),
            return_reason="投资数据与附件不符，请核实后重报。",
        )


class PhotoFactory(factory.django.DjangoModelFactory):
    """A small real JPEG; the test suite's conftest points MEDIA_ROOT at a temporary folder."""

    class Meta:
        model = Photo

    project = factory.SubFactory(ProjectFactory)
    report = None
    image = factory.django.ImageField(width=32, height=24, color="blue", format="JPEG")
    caption = factory.Sequence(lambda n: f"施工现场照片{n}")
    taken_on = datetime.date(2022, 6, 15)
    order = 0


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A planned construction start, not yet reached (no actual date)."""

    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.START
    name = ""
    planned_date = datetime.date(2022, 6, 30)
    actual_date = None


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    kind = FundingKind.CENTRAL_BUDGET
    year = 2022
    secured = Decimal("1000.00")
    disbursed = Decimal("800.00")
    note = ""


class ApprovalItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalItem

    project = factory.SubFactory(ProjectFactory)
    kind = ApprovalKind.LAND
    name = "建设用地规划许可"
    legal_days = 20
    promised_days = 10
    applied_on = datetime.date(2022, 2, 7)
    approved_on = datetime.date(2022, 2, 17)
    actual_days = 8


class RequiredApprovalFactory(factory.django.DjangoModelFactory):
    """One approval the city requires of a category (kinds cycle to stay unique)."""

    class Meta:
        model = RequiredApproval
        django_get_or_create = ("category", "kind")

    category = factory.Iterator([c for c, _ in Category.choices])
    kind = factory.Iterator([k for k, _ in ApprovalKind.choices])
    name = factory.LazyAttribute(lambda o: ApprovalKind(o.kind).label)
    legal_days = 20
    promised_days = 10


class PoolReviewFactory(factory.django.DjangoModelFactory):
    """A reserve project proposed for the city's pool (入库), not reviewed yet."""

    class Meta:
        model = PoolReview

    project = factory.SubFactory(ProjectFactory, stage=Stage.RESERVE)
    status = PoolReviewStatus.PROPOSED
    reason = "列入储备库"
    proposed_at = factory.LazyFunction(timezone.now)


class ResourceNeedFactory(factory.django.DjangoModelFactory):
    """120 亩 of land needed, 80 secured: a gap of 40."""

    class Meta:
        model = ResourceNeed

    project = factory.SubFactory(ProjectFactory)
    kind = ResourceKind.LAND
    needed = Decimal("120.00")
    secured = Decimal("80.00")


class RoundFactory(factory.django.DjangoModelFactory):
    """A city-wide round of "三个一批" (pass `district` for a district's own round)."""

    class Meta:
        model = Round
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"round-{n}")
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}期“三个一批”")
    district = None
    held_on = datetime.date(2022, 4, 8)


class RoundEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEntry

    round = factory.SubFactory(RoundFactory)
    project = factory.SubFactory(ProjectFactory)
    round_list = RoundList.SIGNED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.DISPATCH
    title = factory.Sequence(lambda n: f"第{n + 1}次重点项目调度会")
    district = factory.SubFactory(DistrictFactory)
    held_on = datetime.date(2022, 5, 6)
    chair = factory.Sequence(person_name)
    minutes = "听取各单位项目进展汇报，交办问题并明确完成时限。"


class CadreFactory(factory.django.DjangoModelFactory):
    """A helping cadre without a login (pass `user=` to link one)."""

    class Meta:
        model = Cadre

    name = factory.Sequence(person_name)
    unit = "濮阳市发展和改革委员会"
    post = "科长"
    rank = "正科级"
    district = factory.SubFactory(DistrictFactory)
    phone = factory.Sequence(lambda n: f"139{n % 10**8:08d}")
    user = None
    is_sample = False


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A cadre helping an enterprise of the cadre's district since 1 January 2022."""

    class Meta:
        model = Assignment

    cadre = factory.SubFactory(CadreFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, district=factory.SelfAttribute("..cadre.district")
    )
    project = None
    role = AssignmentRole.HELPER
    start = datetime.date(2022, 1, 1)
    end = None


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    cadre = factory.SubFactory(CadreFactory)
    district = factory.SelfAttribute("cadre.district")
    enterprise = factory.SubFactory(EnterpriseFactory, district=factory.SelfAttribute("..district"))
    project = None
    visited_on = datetime.date(2022, 5, 12)
    mode = VisitMode.VISIT
    summary = "了解企业生产经营情况，收集用工、资金方面的困难。"


class VisitPhotoFactory(factory.django.DjangoModelFactory):
    """A small real JPEG taken on a visit."""

    class Meta:
        model = VisitPhoto

    visit = factory.SubFactory(VisitFactory)
    image = factory.django.ImageField(width=32, height=24, color="green", format="JPEG")
    caption = "企业车间"


class ProblemFactory(factory.django.DjangoModelFactory):
    """A ledger problem raised by an enterprise; traits move it along its workflow."""

    class Meta:
        model = Problem

    title = factory.Sequence(lambda n: f"企业反映的困难问题{n}")
    description = "企业流动资金紧张，希望协调银行贷款。"
    district = factory.SubFactory(DistrictFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, district=factory.SelfAttribute("..district"))
    project = None
    category = ProblemCategory.FUNDING
    source = ProblemSource.VISIT
    meeting = None
    raised_on = datetime.date(2022, 5, 12)
    assignee = None
    responsible_unit = "濮阳市金融工作局"
    due_date = datetime.date(2022, 6, 30)
    status = ProblemStatus.RAISED

    class Params:
        accepted = factory.Trait(
            status=ProblemStatus.ACCEPTED, accepted_on=datetime.date(2022, 5, 13)
        )
        in_progress = factory.Trait(
            status=ProblemStatus.IN_PROGRESS, accepted_on=datetime.date(2022, 5, 13)
        )
        resolved = factory.Trait(
            status=ProblemStatus.RESOLVED,
            accepted_on=datetime.date(2022, 5, 13),
            resolution="已协调银行发放流动资金贷款。",
            resolved_on=datetime.date(2022, 6, 10),
            outcome=ProblemOutcome.SOLVED,
        )
        closed = factory.Trait(
            status=ProblemStatus.CLOSED,
            accepted_on=datetime.date(2022, 5, 13),
            resolution="已协调银行发放流动资金贷款。",
            resolved_on=datetime.date(2022, 6, 10),
            outcome=ProblemOutcome.SOLVED,
            satisfaction=Satisfaction.SATISFIED,
            closed_on=datetime.date(2022, 6, 15),
        )
        rejected = factory.Trait(
            status=ProblemStatus.REJECTED,
            rejection_reason="不属于政府职责范围，已向企业解释。",
        )


class ProblemLimitFactory(factory.django.DjangoModelFactory):
    """A category's working-day limits (one row per category: an existing one is reused)."""

    class Meta:
        model = ProblemLimit
        django_get_or_create = ("category",)

    category = factory.Iterator([value for value, _label in ProblemCategory.choices])
    response_days = 2
    stage_days = 5
    closure_days = 10


class ProblemRouteFactory(factory.django.DjangoModelFactory):
    """A district's route for one category (each new district gets its own rows)."""

    class Meta:
        model = ProblemRoute

    district = factory.SubFactory(DistrictFactory)
    category = factory.Iterator([value for value, _label in ProblemCategory.choices])
    responsible_unit = factory.Sequence(lambda n: f"测试{n}区发展和改革委员会")
    handler = None


class MatterCarryOverFactory(factory.django.DjangoModelFactory):
    """A dispatch meeting's matter reopened by a month's publication (stats.publish)."""

    class Meta:
        model = MatterCarryOver

    problem = factory.SubFactory(ProblemFactory)
    period = factory.Sequence(
        lambda n: ReportingPeriod.objects.get_or_create(year=2022, month=n % 12 + 1)[0]
    )
    meeting = factory.SubFactory(
        MeetingFactory, district=factory.SelfAttribute("..problem.district")
    )
    carried_on = datetime.date(2022, 6, 1)
    status = ProblemStatus.RESOLVED
    resolved_on = datetime.date(2022, 5, 20)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = SupportKind.LOAN
    amount = Decimal("500.00")
    granted_on = datetime.date(2022, 7, 1)
    description = "协调银行发放流动资金贷款。"


def official_user(role, district=None):
    """The login of an official with `role` (in `district` for district roles)."""
    return OfficialFactory(role=role, district=district).user


def monthly_report(project, month, amount, status=ReportStatus.APPROVED, year=2022):
    """A monthly report of `amount` 万元 completed, approved unless `status` says otherwise."""
    return ProgressReportFactory(
        project=project, year=year, month=month, completed_investment=Decimal(amount), status=status
    )
