"""The Puyang demo data (`load_demo`): the formulas module must reproduce the article.

The demo is the session's (`demo_db`, loaded once and committed); every test runs in its own
transaction on top of it, rolled back afterwards.
"""

import datetime
import inspect
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, F, Sum
from simple_history.models import HistoricalChanges
from stdnum.cn import uscc

from core.formulas import percent
from core.models import PeriodVersion
from core.period import Period, resolve_period
from demo import dataset as demo
from districts.models import District
from enterprises.choices import ProblemOutcome, ProblemStatus
from enterprises.models import Cadre, Enterprise, MatterCarryOver, Problem, Support, Visit
from projects.choices import FundingKind, Level, ReportStatus, RoundList, Stage
from projects.models import ApprovalItem, Meeting, Milestone, ProgressReport, Project, Round
from projects.plausibility import flags_of
from stats.funding import funding_stats
from stats.problems import problem_stats
from stats.progress import district_progress
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


# The date of 2022中国氢能产业发展(濮阳)峰会, where four projects (60 亿元) were signed.
HYDROGEN_SUMMIT = datetime.date(2022, 11, 18)
# The enterprises the article names, by district.
ARTICLE_ENTERPRISES = {
    "hualong": ["中心泰康", "国鸿氢能", "海德利森", "氢能研究院"],
    "jingkai": [
        "乐享化科",
        "班德路化学",
        "迈奇化学",
        "联鑫化工",
        "中氢能源",
        "中原乙烯",
        "联众兴业",
        "中科濮阳",
        "京东",
    ],
    "shifanqu": ["阿尔卡迪亚", "项龙科技有限公司"],
    "gongyeyuan": [
        "君恒生物",
        "恩赢",
        "展辰",
        "宝利",
        "航民",
        "三棵树",
        "保立佳",
        "大禹",
        "龙德洋",
        "海尔希",
        "豫能东晟热力",
        "东方雨虹",
        "广亿福",
        "诚信",
    ],
}


@pytest.fixture
def unit(demo_db):
    return lambda code: District.objects.get(code=code)


def progress_entry(code, *, year=2022, month=12):
    result = district_progress(period=resolve_period(year, month))
    return next(r for r in result["results"] if r["district"] == code)


def by_kind(funding):
    return {row["kind"]: row for row in funding["by_kind"]}


# --- 华龙区 ---------------------------------------------------------------------------------


def test_hualong_2022_investment_progress(demo_db):
    """29 provincial/city key projects, 59.2 亿元 completed, 37 points ahead of schedule."""
    entry = progress_entry("hualong")
    assert entry["project_count"] == 29
    assert entry["completed_investment"] == Decimal("592000.00")
    assert entry["completion_rate"] == Decimal("137.0")
    assert entry["schedule_rate"] == Decimal("100.0")
    assert entry["points_ahead"] == Decimal("37.0")
    assert entry["rank"] == 1
    # A past year defaults to December.
    assert progress_entry("hualong", month=None) == entry
    listed = Project.objects.filter(district__code="hualong", annual_plans__year=2022)
    assert set(listed.values_list("level", flat=True)) <= {Level.PROVINCIAL, Level.CITY}


def test_hualong_three_batches_rounds(unit):
    """开展4期“三个一批”活动，累计实施重大项目41个; every round has all three lists."""
    hualong = unit("hualong")
    rounds = Round.objects.filter(district=hualong)
    assert rounds.count() == 4
    projects = Project.objects.filter(round_entries__round__in=rounds).distinct()
    assert projects.count() == 41
    for round_ in Round.objects.all():
        lists = set(round_.entries.values_list("round_list", flat=True))
        assert lists == {RoundList.SIGNED, RoundList.STARTED, RoundList.IN_PRODUCTION}, round_


def test_hualong_hydrogen_and_cadres(unit):
    hualong = unit("hualong")
    assert Cadre.objects.filter(district=hualong).count() == 475
    summit = Milestone.objects.filter(
        kind="signing", actual_date=HYDROGEN_SUMMIT, project__district=hualong
    )
    assert summit.count() == 4
    assert summit.aggregate(total=Sum("project__total_investment"))["total"] == 600000
    assert summit.filter(project__name__contains="海德利森").exists()


# --- 经开区 ---------------------------------------------------------------------------------


def test_jingkai_2022_funding(unit):
    """1.66 亿元 central budget, 5.93 亿元 special bonds, 91.4 % disbursed."""
    funding = funding_stats(period=Period(2022, 12), district=unit("jingkai"))
    kinds = by_kind(funding)
    central, bonds = kinds[FundingKind.CENTRAL_BUDGET], kinds[FundingKind.SPECIAL_BOND]
    assert central["secured"] == Decimal("16600.00")
    assert bonds["secured"] == Decimal("59300.00")
    pooled = percent(
        central["disbursed"] + bonds["disbursed"], central["secured"] + bonds["secured"]
    )
    assert pooled == Decimal("91.4")
    assert funding["disbursement_rate"] == Decimal("91.4")
    spread = Project.objects.filter(
        district__code="jingkai",
        funding__year=2022,
        funding__kind__in=[FundingKind.CENTRAL_BUDGET, FundingKind.SPECIAL_BOND],
    ).distinct()
    assert spread.count() >= 4


def test_jingkai_enterprises_support_and_approvals(unit):
    jingkai = unit("jingkai")
    assert Enterprise.objects.filter(district=jingkai, is_above_scale=True).count() == 75
    assert Cadre.objects.filter(district=jingkai).count() == 528
    support = Support.objects.filter(enterprise__district=jingkai, granted_on__year=2022)
    assert support.filter(kind="tax_relief").aggregate(s=Sum("amount"))["s"] == 30000
    winners = support.filter(kind="subsidy").values("enterprise").distinct()
    assert winners.count() == 19
    assert {"乐享化科", "班德路化学"} <= set(
        Enterprise.objects.filter(pk__in=winners).values_list("name", flat=True)
    )
    items = ApprovalItem.objects.filter(project__district=jingkai)
    assert items.count() == 43
    assert items.aggregate(cut=Sum(F("legal_days") - F("promised_days")))["cut"] == 50
    assert items.filter(actual_days=1).values("project").distinct().count() == 30


def test_jingkai_weekly_dispatch(unit):
    """Weekly dispatch meetings; 70余 matters assigned there in 2022."""
    jingkai = unit("jingkai")
    meetings = Meeting.objects.filter(district=jingkai, kind="dispatch", held_on__year=2022)
    assert meetings.count() >= 45
    assigned = Problem.objects.filter(
        district=jingkai, source="dispatch", raised_on__year=2022, meeting__in=meetings
    )
    assert 70 <= assigned.count() < 80
    mma = Project.objects.get(code="jk-zkpy-mma")
    assert (mma.total_investment, mma.stage, mma.is_sample) == (200000, Stage.SIGNED, False)


# --- 城乡一体化示范区 --------------------------------------------------------------------------


def test_shifanqu_2022(unit):
    shifanqu = unit("shifanqu")
    funding = by_kind(funding_stats(period=Period(2022, 12), district=shifanqu))
    assert funding[FundingKind.CENTRAL_BUDGET]["secured"] == Decimal("2505.00")
    problems = problem_stats(period=Period(2022, 12), district=shifanqu)
    assert problems["resolution_rate"] == Decimal("100.0")
    assert problems["satisfaction_rate"] == Decimal("100.0")
    assert problems["rated"] > 0 and problems["overdue"] == 0
    assert Enterprise.objects.filter(district=shifanqu).count() == 45
    visits = Visit.objects.filter(district=shifanqu, visited_on__year=2022)
    assert visits.count() > 100
    assert not visits.filter(enterprise__isnull=True).exists()
    meetings = Meeting.objects.filter(district=shifanqu, held_on__year=2022)
    assert meetings.filter(kind="dispatch").count() == 34
    assert meetings.exclude(kind="dispatch").count() > 50
    solved = Problem.objects.filter(
        district=shifanqu,
        meeting__in=meetings.filter(kind="dispatch"),
        status__in=["resolved", "closed"],
    )
    assert solved.count() == 164
    relief = Support.objects.filter(
        enterprise__district=shifanqu, kind="tax_relief", granted_on__year=2022
    )
    assert relief.aggregate(s=Sum("amount"))["s"] == 13000
    assert progress_entry("shifanqu")["project_count"] == 43


def test_shifanqu_2023_list(unit):
    """谋划2023年项目73个，产业项目35个，总投资390亿元; 6 industrial projects ≥ 10 亿元."""
    listed = Project.objects.filter(district=unit("shifanqu"), annual_plans__year=2023)
    assert listed.count() == 73
    assert listed.filter(category="industrial").count() == 35
    assert listed.aggregate(s=Sum("total_investment"))["s"] == 3900000
    assert listed.filter(category="industrial", total_investment__gte=100000).count() == 6
    assert listed.filter(nature="continuing").count() == 24
    assert progress_entry("shifanqu", year=2023, month=4)["total_investment"] == Decimal(
        "3900000.00"
    )


# --- 工业园区 ---------------------------------------------------------------------------------


def test_gongyeyuan_2022(unit):
    gongyeyuan = unit("gongyeyuan")
    problems = problem_stats(period=Period(2022, 12), district=gongyeyuan)
    assert problems["raised"] == 36
    assert problems["resolution_rate"] == Decimal("100.0")
    assert Cadre.objects.filter(district=gongyeyuan).count() == 53
    visits = Visit.objects.filter(district=gongyeyuan, visited_on__year=2022)
    assert visits.count() > 1000
    subjects = visits.values("enterprise").exclude(enterprise=None).distinct().count()
    subjects += visits.values("project").exclude(project=None).distinct().count()
    assert subjects == 65
    loans = dict(
        Support.objects.filter(enterprise__district=gongyeyuan, kind="loan").values_list(
            "enterprise__name", "amount"
        )
    )
    assert loans == {"君恒生物": Decimal("30000.00"), "恩赢": Decimal("2300.00")}
    entry = progress_entry("gongyeyuan")
    assert entry["completion_rate"] > 100  # 重点项目超额完成年度投资计划


# --- The article's projects, enterprises and institutes --------------------------------------


@pytest.mark.parametrize(
    ("code", "district", "total", "stage", "sample"),
    [
        ("hl-zhongxin-taikang", "hualong", 500000, Stage.IN_PRODUCTION, False),
        ("hl-guohong-hydrogen", "hualong", 136000, Stage.UNDER_CONSTRUCTION, False),
        ("hl-medical-big-data", "hualong", 300000, Stage.UNDER_CONSTRUCTION, False),
        ("jk-zkpy-mma", "jingkai", 200000, Stage.SIGNED, False),
        ("gy-junheng-bio-energy", "gongyeyuan", None, Stage.IN_PRODUCTION, True),
        ("gy-enying-benzoxazine", "gongyeyuan", None, Stage.IN_PRODUCTION, True),
        ("gy-zhanchen-coatings", "gongyeyuan", None, Stage.IN_PRODUCTION, True),
        ("gy-baoli", "gongyeyuan", None, Stage.UNDER_CONSTRUCTION, True),
        ("gy-hangmin-methylamine", "gongyeyuan", None, Stage.UNDER_CONSTRUCTION, True),
        ("gy-sankeshu-coatings", "gongyeyuan", None, Stage.UNDER_CONSTRUCTION, True),
        ("gy-baolijia", "gongyeyuan", None, Stage.UNDER_CONSTRUCTION, True),
        ("gy-pudong-dry-port", "gongyeyuan", None, Stage.UNDER_CONSTRUCTION, True),
        ("jk-maiqi-new-materials", "jingkai", None, Stage.UNDER_CONSTRUCTION, True),
        ("jk-jd-digital-economy", "jingkai", None, Stage.UNDER_CONSTRUCTION, True),
        ("jk-lianzhong-aerospace-fuel", "jingkai", None, Stage.UNDER_CONSTRUCTION, True),
        ("sf-taihe-lakeside", "shifanqu", None, Stage.UNDER_CONSTRUCTION, True),
        ("sf-yellow-river-canal", "shifanqu", None, Stage.UNDER_CONSTRUCTION, True),
    ],
)
def test_article_projects(demo_db, code, district, total, stage, sample):
    project = Project.objects.get(code=code)
    assert project.district.code == district
    assert project.stage == stage
    assert project.is_sample is sample
    assert project.is_published
    if total is not None:
        assert project.total_investment == total


def test_article_enterprises_and_institutes(demo_db):
    named = dict(Enterprise.objects.filter(is_sample=False).values_list("name", "district__code"))
    for district, names in ARTICLE_ENTERPRISES.items():
        for name in names:
            assert named.get(name) == district, name
    institutes = Enterprise.objects.filter(kind="institute").values_list("name", flat=True)
    assert set(institutes) == {"氢能研究院", "濮阳大数据与人工智能研究院"}
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        assert uscc.is_valid(code), code


# --- Sample data that makes every page meaningful -------------------------------------------


def test_every_status_and_sample_label(demo_db):
    assert set(Problem.objects.values_list("status", flat=True)) == set(ProblemStatus.values)
    assert not Problem.objects.filter(status="rejected", rejection_reason="").exists()
    statuses_2023 = set(ProgressReport.objects.filter(year=2023).values_list("status", flat=True))
    assert statuses_2023 == set(ReportStatus.values)
    assert not ProgressReport.objects.filter(status="returned", return_reason="").exists()
    assert Milestone.objects.overdue(datetime.date(2023, 5, 10)).exists()
    assert Project.objects.filter(annual_plans__year=2022).exists()
    assert Project.objects.filter(annual_plans__year=2023).exists()
    unpublished = Project.objects.filter(is_published=False)
    assert 1 <= unpublished.count() <= 2
    assert all(p.is_sample for p in unpublished)
    assert not unpublished.filter(annual_plans__isnull=False).exists()
    assert Cadre.objects.filter(is_sample=False).count() == 0
    assert Problem.objects.filter(is_sample=False).count() == 7  # told by the article
    assert Project.objects.public().count() == Project.objects.count() - unpublished.count()


def test_the_ledger_shows_outcomes_reopening_routing_and_matters(demo_db, token_client):
    """Issue 19: each outcome, a reopened problem, routed intakes, a meeting's matters;
    every problem with its due dates."""
    done = Problem.objects.filter(status__in=["resolved", "closed"])
    assert set(done.values_list("outcome", flat=True)) == set(ProblemOutcome.values)
    assert not done.filter(outcome="").exists()
    assert not Problem.objects.filter(outcome="unsolvable", outcome_note="").exists()
    assert not Problem.objects.filter(is_sample=False).exclude(outcome="solved").exists()
    reopened = Problem.objects.get(reopened__gt=0)
    assert reopened.status == ProblemStatus.IN_PROGRESS and reopened.reopen_reason
    routed = Problem.objects.filter(routed_by__isnull=False).select_related("routed_by")
    assert routed.count() >= 4
    for problem in routed:
        assert (problem.source, problem.status) == ("feedback", "raised")
        assert problem.responsible_unit == problem.routed_by.responsible_unit
        assert problem.assignee_id == problem.routed_by.handler_id
    assert not Problem.objects.filter(due_date__isnull=True).exists()
    assert not Problem.objects.filter(response_due__isnull=True).exists()
    matter = Problem.objects.get(tracking_code="WQ-20230508-DM227T")
    client = token_client(OfficialFactory(role="city_admin").user)
    body = client.get(f"/api/v1/meetings/{matter.meeting_id}/").json()
    assert matter.tracking_code in [m["tracking_code"] for m in body["matters"]]
    assert body["closure_rate"] is not None
    # 经开区's matter of 27 February, resolved on 6 March: its project red in March and still
    # red when April was published, so carried to the unit's next dispatch meeting (8 May).
    carried = MatterCarryOver.objects.select_related("problem", "period", "carried_to").get()
    assert (carried.problem.tracking_code, carried.period.month) == ("WQ-20230227-DM227P", 4)
    assert (carried.resolved_on, carried.carried_to.held_on) == (
        datetime.date(2023, 3, 6),
        datetime.date(2023, 5, 8),
    )
    assert carried.problem.status == ProblemStatus.IN_PROGRESS
    body = client.get(f"/api/v1/meetings/{carried.carried_to_id}/").json()
    assert [row["tracking_code"] for row in body["carried_in"]] == ["WQ-20230227-DM227P"]


def test_summary_printed(demo_db):
    assert "rows created" in demo_db.output
    assert "592000.00" in demo_db.output and "37.0 points" in demo_db.output


def test_the_closed_months_are_published_once_by_closing_them(demo_db):
    """2023-01 to 04 closed by the city's service (core.services.period_close), each its
    version 1, its figures those of the records; May open and live."""
    versions = PeriodVersion.objects.order_by("period__month")
    assert [(v.period.year, v.period.month, v.number) for v in versions] == [
        (2023, month, 1) for month in (1, 2, 3, 4)
    ]
    assert all(v.period.status == "closed" and v.changes == {} for v in versions)
    april = resolve_period(2023, 4)
    assert april.version == 1
    live = inspect.unwrap(district_progress.live)(period=Period(2023, 4))
    assert district_progress(period=april)["city"] == {
        **live["city"],
        "links": district_progress(period=april)["city"]["links"],
    }
    assert resolve_period(2023, 5).month == 4  # May is open: not a figure yet


def test_second_run_changes_nothing(demo_db):
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in ("districts", "projects", "enterprises")
    ]
    models += [Enterprise.labels.through, PeriodVersion]
    before = {m._meta.label: m._default_manager.count() for m in models}
    snapshot = list(
        Project.objects.order_by("code").values_list("pk", "code", "updated_at", "total_investment")
    )
    problem = Problem.objects.order_by("tracking_code").values("pk", "tracking_code", "updated_at")[
        0
    ]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 rows created, 0 updated" in out.getvalue()
    assert {m._meta.label: m._default_manager.count() for m in models} == before
    assert (
        list(
            Project.objects.order_by("code").values_list(
                "pk", "code", "updated_at", "total_investment"
            )
        )
        == snapshot
    )
    assert (
        Problem.objects.order_by("tracking_code").values("pk", "tracking_code", "updated_at")[0]
        == problem
    )
    assert progress_entry("hualong")["completed_investment"] == Decimal("592000.00")


def test_changed_row_is_restored(demo_db):
    """A demo value edited by hand is put back (and nothing else is written)."""
    Project.objects.filter(code="hl-zhongxin-taikang").update(total_investment=1)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 rows created, 1 updated" in out.getvalue()
    assert Project.objects.get(code="hl-zhongxin-taikang").total_investment == 500000


def test_every_row_passes_full_clean(demo_db):
    """Seeded rows obey what the admin would check: field validators, clean(), constraints.

    History rows are simple_history's audit trail of the load, not seeded rows.
    """
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in ("districts", "projects", "enterprises")
        and not issubclass(m, HistoricalChanges)
    ]
    models += [Enterprise.labels.through]
    invalid = []
    for model in models:
        for obj in model._default_manager.all():
            try:
                obj.full_clean()
            except ValidationError as exc:
                invalid.append((model._meta.label, obj.pk, exc.message_dict))
    assert invalid == []
    assert Problem.objects.count() > 0  # the loop saw the demo


def test_build_is_deterministic():
    first, second = demo.Builder().build(), demo.Builder().build()
    assert first == second
    assert len(first.projects) == len({p["code"] for p in first.projects})


def test_annotations_reach_the_rows(demo_db):
    """Per-project figures add up to the district figure (traceability)."""
    rows = (
        ProgressReport.objects.filter(
            year=2022, status="approved", project__district__code="hualong"
        )
        .values("project")
        .annotate(n=Count("pk"), s=Sum("completed_investment"))
    )
    assert sum(r["s"] for r in rows) == Decimal("592000")
    assert len(rows) == 29


# --- The five counties and the plausibility flags -------------------------------------------

COUNTIES_2022 = {
    # code: (name, projects, planned, completed, completion rate = completed ÷ planned)
    "qingfeng": ("清丰县", 8, "168000.00", "181440.00", "108.0"),
    "nanle": ("南乐县", 7, "142000.00", "133480.00", "94.0"),
    "fanxian": ("范县", 6, "126000.00", "138600.00", "110.0"),
    "taiqian": ("台前县", 5, "98000.00", "86240.00", "88.0"),
    "puyang_county": ("濮阳县", 9, "210000.00", "241500.00", "115.0"),
}


def test_the_five_counties_are_units_with_their_2022_lists(demo_db):
    """Nine units rank: the article's four and the five counties (counties.toml), 华龙区 still
    first with 137 %; each county's 2022 figures are its data file's."""
    table = district_progress(period=resolve_period(2022, 12))
    assert len(table["results"]) == 9
    assert [r["rank"] for r in table["results"]] == list(range(1, 10))
    assert table["results"][0]["district"] == "hualong"
    for code, (name, count, planned, completed, rate) in COUNTIES_2022.items():
        county = District.objects.get(code=code)
        assert (county.name, county.kind, county.parent.code) == (name, "county", "puyang")
        entry = progress_entry(code)
        assert entry["project_count"] == count
        assert entry["planned_investment"] == Decimal(planned)
        assert entry["completed_investment"] == Decimal(completed)
        assert entry["completion_rate"] == Decimal(rate)
    april = district_progress(period=resolve_period(2023, 4))
    assert {r["district"] for r in april["results"]} >= set(COUNTIES_2022)
    assert all(p.is_sample for p in Project.objects.filter(district__kind="county"))


def test_the_demo_has_reports_flagged_for_the_reviewer(demo_db):
    """counties.toml's four April 2023 reports, submitted: 清丰县's and 范县's at 5 and 4 times
    the monthly plan (jump), 南乐县's above its 100 万元 in place, 濮阳县's cumulative 1,000
    below March's."""

    def flags(code):
        report = ProgressReport.objects.get(project__code=code, year=2023, month=4)
        assert report.status == ReportStatus.SUBMITTED
        return flags_of(report)

    assert "jump" in flags("qf-s-ind-01") and "jump" in flags("fx-s-ind-01")
    assert "exceeds_funding" in flags("nl-s-ind-01")
    assert "cumulative_decrease" in flags("pyx-s-ind-02")
    march = ProgressReport.objects.get(project__code="pyx-s-ind-02", year=2023, month=3)
    april = ProgressReport.objects.get(project__code="pyx-s-ind-02", year=2023, month=4)
    assert march.cumulative_investment - april.cumulative_investment == 1000
