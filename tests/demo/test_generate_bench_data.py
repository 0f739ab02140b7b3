"""`generate_bench_data`: documented row counts, sound relations, demo rows left alone."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from stdnum.cn import uscc

from core.period import Period
from districts.models import District
from enterprises.models import Assignment, Cadre, Enterprise, Problem, Support, Visit
from projects.models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    ProgressReport,
    Project,
    Round,
    RoundEntry,
)
from stats.progress import district_progress

pytestmark = pytest.mark.django_db

N = 50
# The module docstring of generate_bench_data, for N = 50 and the default 12 districts.
EXPECTED = {
    District: 12,
    Industry: 8,
    Cadre: 12,  # max(N // 20, K)
    Enterprise: 25,  # max(N // 2, K)
    Project: 50,
    AnnualPlan: 75,  # N + ceil(N / 2)
    ProgressReport: 600,  # 12 N
    Milestone: 200,  # 4 N
    Funding: 75,  # N + ceil(N / 2)
    ApprovalItem: 25,  # N // 2
    Round: 48,  # 4 K
    RoundEntry: 10,  # ceil(N / 5)
    Meeting: 624,  # 52 K
    Problem: 50,
    Visit: 50,
    Assignment: 30,  # enterprises + ceil(N / 10)
    Support: 5,  # N // 10
}


def bench_querysets():
    districts = District.objects.filter(code__startswith="bench-")
    projects = Project.objects.filter(code__startswith="bench-")
    return {
        District: districts,
        Industry: Industry.objects.filter(code__startswith="bench-"),
        Cadre: Cadre.objects.filter(district__in=districts),
        Enterprise: Enterprise.objects.filter(district__in=districts),
        Project: projects,
        AnnualPlan: AnnualPlan.objects.filter(project__in=projects),
        ProgressReport: ProgressReport.objects.filter(project__in=projects),
        Milestone: Milestone.objects.filter(project__in=projects),
        Funding: Funding.objects.filter(project__in=projects),
        ApprovalItem: ApprovalItem.objects.filter(project__in=projects),
        Round: Round.objects.filter(code__startswith="bench-"),
        RoundEntry: RoundEntry.objects.filter(project__in=projects),
        Meeting: Meeting.objects.filter(district__in=districts),
        Problem: Problem.objects.filter(tracking_code__startswith="WQ-BENCH-"),
        Visit: Visit.objects.filter(district__in=districts),
        Assignment: Assignment.objects.filter(cadre__district__in=districts),
        Support: Support.objects.filter(enterprise__district__in=districts),
    }


def demo_state():
    """Every demo row's count and a few values that must not move."""
    counts = {model: model.objects.count() for model in EXPECTED}
    projects = list(
        Project.objects.order_by("code").values_list("pk", "code", "updated_at", "total_investment")
    )
    figures = [
        (r["district"], r["completed_investment"], r["points_ahead"])
        for r in district_progress(period=Period(2022, 12))["results"]
        if not r["district"].startswith("bench-")
    ]
    return counts, projects, figures


def generate(*args):
    out = io.StringIO()
    call_command("generate_bench_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_loaded(demo_db, db):
    """The session's demo (see conftest.py) and its state before the generator runs."""
    return demo_state()


def test_counts_relations_and_demo_untouched(demo_loaded):
    output = generate("--projects", str(N), "--seed", "7")
    assert "Generated" in output and " s " in output  # timing is printed

    bench = bench_querysets()
    assert {model: qs.count() for model, qs in bench.items()} == EXPECTED

    # Demo rows: same counts once bench rows are set aside, same values, same figures.
    counts, projects, figures = demo_loaded
    after = {model: model.objects.count() - bench[model].count() for model in EXPECTED}
    assert after == counts
    bench_projects = set(bench[Project].values_list("code", flat=True))
    assert [p for p in demo_state()[1] if p[1] not in bench_projects] == projects
    assert demo_state()[2] == figures

    # Relations stay inside the bench set and inside one district.
    projects_qs = bench[Project]
    assert not projects_qs.exclude(district__code__startswith="bench-").exists()
    assert not projects_qs.exclude(owner=None).exclude(owner__district=F("district")).exists()
    assert (
        not projects_qs.exclude(industry=None).exclude(industry__code__startswith="bench-").exists()
    )
    for project in projects_qs:
        assert project.reports.count() == 12
        assert project.milestones.count() == 4
        assert project.annual_plans.filter(year=2024).exists()
    reports = bench[ProgressReport]
    assert not reports.filter(month__lte=10).exclude(status="approved").exists()
    assert (
        not bench[Problem].exclude(project=None).exclude(project__district=F("district")).exists()
    )
    assert (
        not bench[Problem].exclude(meeting=None).exclude(meeting__district=F("district")).exists()
    )
    assert not bench[Problem].filter(status="rejected", rejection_reason="").exists()
    assert not bench[Visit].exclude(cadre__district=F("district")).exists()
    assert not bench[Visit].exclude(enterprise__district=F("district")).exists()
    assert (
        not bench[Assignment]
        .exclude(enterprise=None)
        .exclude(enterprise__district=F("cadre__district"))
        .exists()
    )
    assert not bench[Funding].filter(disbursed__gt=F("secured")).exists()
    assert all(
        uscc.is_valid(code) for code in bench[Enterprise].values_list("credit_code", flat=True)
    )
    assert not bench[Enterprise].exclude(credit_code__regex=r"^[0-9]{8}BN").exists()


def test_rerun_needs_clear_and_clear_removes_only_bench_rows(demo_loaded):
    generate("--projects", str(N))
    with pytest.raises(CommandError):
        generate("--projects", str(N))

    first = list(
        Project.objects.filter(code__startswith="bench-")
        .order_by("code")
        .values_list("code", "total_investment", "stage", "planned_start")
    )
    generate("--projects", str(N), "--clear")  # same default seed: same data
    again = list(
        Project.objects.filter(code__startswith="bench-")
        .order_by("code")
        .values_list("code", "total_investment", "stage", "planned_start")
    )
    assert again == first

    output = generate("--projects", "0", "--clear")
    assert "Removed" in output
    assert all(qs.count() == 0 for qs in bench_querysets().values())
    assert demo_state() == demo_loaded
