"""Project life (issue 20), part A: the pipeline before signing (储备, 前期, the city's 入库
review with four eyes, the 三个一批 lists fed from it), 前期手续 (required approvals, due
dates and actual days in working days, late), and 要素保障 (needs, secured, gaps, unit
totals, a gap raised at a dispatch meeting). Expected values worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import Role
from enterprises.choices import ProblemCategory, ProblemSource
from projects import pipeline
from projects.choices import (
    ApprovalKind,
    Category,
    PoolReviewStatus,
    ResourceKind,
    RoundList,
    Stage,
)
from projects.models import ApprovalItem, RequiredApproval, ResourceNeed, RoundEntry
from projects.selectors import preliminary_board, resource_totals
from supervision.gaps import resource_gap_raise
from supervision.reminders import approval_reminders
from tests.factories import (
    ApprovalItemFactory,
    DistrictFactory,
    MeetingFactory,
    ProjectFactory,
    RoundFactory,
    official_user,
)

pytestmark = pytest.mark.django_db
D = datetime.date


# --- 前期手续: due date, actual days, late -------------------------------------------------


def hand_example(project, **kwargs):
    """Applied Monday 2023-01-02 (still the New Year holiday), promised 10 working days: the
    10th working day after is 2023-01-16 (3–6, 9–13, 16 January)."""
    values = {
        "kind": ApprovalKind.PROJECT_APPROVAL,
        "name": "项目备案",
        "legal_days": 20,
        "promised_days": 10,
        "applied_on": D(2023, 1, 2),
        "approved_on": D(2023, 2, 20),
        **kwargs,
    }
    return ApprovalItemFactory(project=project, **values)


def test_due_date_and_actual_days_come_from_the_dates_in_working_days(district):
    item = hand_example(ProjectFactory(district=district), actual_days=3)
    item.refresh_from_db()
    assert item.due_date == D(2023, 1, 16)
    # 3 Jan – 20 Feb: 4 + 5 + 5 (to 20 Jan), the Spring Festival 21–27 Jan off, the
    # adjusted Saturday and Sunday 28–29 Jan worked (2), then 5 + 5 + 5 + 1: 32, not the 3 typed.
    assert item.actual_days == 32
    item.approved_on = D(2023, 1, 16)
    item.save()
    item.refresh_from_db()
    assert (item.due_date, item.actual_days) == (D(2023, 1, 16), 10)


def test_an_item_approved_after_its_due_date_is_late(district):
    project = ProjectFactory(district=district)
    late = hand_example(project)
    on_time = hand_example(project, name="准时", approved_on=D(2023, 1, 16))
    pending = hand_example(project, name="未批", approved_on=None)
    items = ApprovalItem.objects.filter(project=project)

    def late_on(day):
        return set(items.late(day).values_list("pk", flat=True))

    # On its due date nothing is late yet; the day after, the two not approved by then are.
    assert late_on(D(2023, 1, 16)) == set()
    assert late_on(D(2023, 1, 17)) == {late.pk, pending.pk}
    # Approved on 20 February, after its due date: late for good, like the one still pending.
    assert late_on(D(2023, 3, 1)) == {late.pk, pending.pk}
    assert on_time.pk not in late_on(D(2026, 1, 1))
    flagged = {item.name: item.late for item in items.with_late(D(2023, 3, 1))}
    assert flagged == {"项目备案": True, "准时": False, "未批": True}


def test_an_approval_needs_its_application_date(district):
    item = ApprovalItem(
        project=ProjectFactory(district=district),
        kind=ApprovalKind.LAND,
        legal_days=20,
        promised_days=10,
        approved_on=D(2023, 2, 1),
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "applied_on" in error.value.message_dict


def checklist():
    for order, (kind, legal, promised) in enumerate(
        [
            (ApprovalKind.PROJECT_APPROVAL, 5, 2),
            (ApprovalKind.LAND, 20, 10),
            (ApprovalKind.ENVIRONMENT, 60, 30),
        ]
    ):
        RequiredApproval.objects.create(
            category=Category.INDUSTRIAL,
            kind=kind,
            legal_days=legal,
            promised_days=promised,
            order=order,
        )
    RequiredApproval.objects.create(
        category=Category.SOCIAL, kind=ApprovalKind.PLANNING, legal_days=20, promised_days=10
    )


def test_the_required_list_of_the_category_goes_onto_the_project_and_makes_its_board(district):
    checklist()
    project = ProjectFactory(district=district, category=Category.INDUSTRIAL)
    filed = hand_example(project)  # 立项, late
    extra = ApprovalItemFactory(project=project, kind=ApprovalKind.OTHER, name="水保")
    assert pipeline.preliminary_checklist_apply(project=project) == 2  # 用地, 环评 added
    assert pipeline.preliminary_checklist_apply(project=project) == 0  # once
    items = {item.kind: item for item in ApprovalItem.objects.filter(project=project)}
    assert set(items) == {"project_approval", "land", "environment", "other"}
    filed.refresh_from_db()
    extra.refresh_from_db()
    assert filed.required and not extra.required
    assert (items["land"].promised_days, items["land"].applied_on) == (10, None)
    board = ApprovalItem.objects.filter(project=project).board(D(2023, 3, 1))
    # Required: 立项, 用地, 环评; done: 立项 (approved 20 Feb); late: 立项.
    assert board == {"required": 3, "done": 1, "late": 1}
    # Before its approval it was required, not done, and late already (due 16 January).
    assert ApprovalItem.objects.filter(project=project).board(D(2023, 2, 1)) == {
        "required": 3,
        "done": 0,
        "late": 1,
    }


def test_a_units_board_counts_its_projects_items(district):
    other = DistrictFactory()
    hand_example(ProjectFactory(district=district), required=True)
    hand_example(ProjectFactory(district=district), required=True, approved_on=D(2023, 1, 10))
    hand_example(ProjectFactory(district=other), required=True, approved_on=None)
    from projects.models import Project

    unit = preliminary_board(
        projects=Project.objects.filter(district=district), as_of=D(2023, 3, 1)
    )
    assert unit == {"required": 2, "done": 2, "late": 1}
    city = preliminary_board(projects=Project.objects.all(), as_of=D(2023, 3, 1))
    assert city == {"required": 3, "done": 2, "late": 2}


def test_a_late_pending_item_is_a_reminder_with_its_due_date(district):
    item = hand_example(ProjectFactory(district=district), approved_on=None)
    hand_example(ProjectFactory(district=district), name="已批")  # late, but done: no reminder

    class People:
        def of(self, district_id, *roles):
            return ["someone"]

    reminders = list(approval_reminders(D(2023, 3, 1), People()))
    assert [reminder.key for reminder in reminders] == [f"approval:{item.pk}:2023-01-16"]
    assert "2023-01-16" in reminders[0].title
    assert list(approval_reminders(D(2023, 1, 16), People())) == []


# --- 入库: the city's pool, four eyes -------------------------------------------------------


@pytest.fixture
def people(district):
    return {
        "reporter": official_user(Role.REPORTER, district),
        "reviewer": official_user(Role.REVIEWER, district),
        "city": official_user(Role.CITY_ADMIN),
        "other_city": official_user(Role.CITY_ADMIN),
        "outsider": official_user(Role.REPORTER, DistrictFactory()),
    }


def test_a_reserve_project_proposed_by_its_unit_is_approved_by_the_city(district, people):
    checklist()
    project = ProjectFactory(district=district, stage=Stage.RESERVE)
    review = pipeline.pool_propose(project=project, user=people["reporter"], reason="产业链补链")
    assert (review.status, review.proposed_by) == (PoolReviewStatus.PROPOSED, people["reporter"])
    # The district's reviewer is not the city: only a city administrator approves.
    with pytest.raises(PermissionDenied):
        pipeline.pool_approve(review=review, reviewer=people["reviewer"])
    pipeline.pool_approve(review=review, reviewer=people["city"])
    review.refresh_from_db()
    assert review.status == PoolReviewStatus.APPROVED and review.reviewed_by == people["city"]
    # 入库 put the category's three required approvals on the project.
    assert ApprovalItem.objects.filter(project=project, required=True).count() == 3


def test_whoever_proposed_cannot_approve(district, people, english):
    project = ProjectFactory(district=district, stage=Stage.PRELIMINARY)
    review = pipeline.pool_propose(project=project, user=people["city"])
    with pytest.raises(PermissionDenied, match="Four eyes"):
        pipeline.pool_approve(review=review, reviewer=people["city"])
    pipeline.pool_approve(review=review, reviewer=people["other_city"])
    assert review.status == PoolReviewStatus.APPROVED


def test_a_returned_proposal_needs_a_reason_and_may_be_proposed_again(district, people):
    project = ProjectFactory(district=district, stage=Stage.RESERVE)
    review = pipeline.pool_propose(project=project, user=people["reporter"])
    with pytest.raises(ValidationError) as error:
        pipeline.pool_return(review=review, reviewer=people["city"], reason=" ")
    assert "return_reason" in error.value.message_dict
    pipeline.pool_return(review=review, reviewer=people["city"], reason="投资强度不足")
    assert (review.status, review.return_reason) == (PoolReviewStatus.RETURNED, "投资强度不足")
    again = pipeline.pool_propose(project=project, user=people["reporter"], reason="已补充")
    assert again.pk == review.pk and again.status == PoolReviewStatus.PROPOSED
    assert again.return_reason == "" and again.reason == "已补充"
    # Proposed already: proposing again is refused.
    with pytest.raises(ValidationError):
        pipeline.pool_propose(project=project, user=people["reporter"])


def test_only_pipeline_projects_of_ones_own_unit_are_proposed(district, people):
    signed = ProjectFactory(district=district, stage=Stage.SIGNED)
    with pytest.raises(ValidationError):
        pipeline.pool_propose(project=signed, user=people["reporter"])
    reserve = ProjectFactory(district=district, stage=Stage.RESERVE)
    with pytest.raises(PermissionDenied):
        pipeline.pool_propose(project=reserve, user=people["outsider"])


def test_the_signed_list_takes_its_candidates_from_the_pool(district, people):
    pooled = ProjectFactory(district=district, stage=Stage.PRELIMINARY, code="a-pooled")
    proposed = ProjectFactory(district=district, stage=Stage.RESERVE, code="b-proposed")
    ProjectFactory(district=district, stage=Stage.PRELIMINARY, code="c-never")
    elsewhere = ProjectFactory(stage=Stage.RESERVE, code="d-elsewhere")
    signed = ProjectFactory(district=district, stage=Stage.SIGNED, code="e-signed")
    for project in (pooled, elsewhere):
        review = pipeline.pool_propose(project=project, user=people["city"])
        pipeline.pool_approve(review=review, reviewer=people["other_city"])
    pipeline.pool_propose(project=proposed, user=people["reporter"])
    own_round = RoundFactory(district=district)
    city_round = RoundFactory()

    def codes(round_, list_):
        candidates = pipeline.round_candidates(round_=round_, round_list=list_)
        return list(candidates.values_list("code", flat=True))

    assert codes(own_round, RoundList.SIGNED) == ["a-pooled"]
    assert sorted(codes(city_round, RoundList.SIGNED)) == ["a-pooled", "d-elsewhere"]
    assert codes(own_round, RoundList.STARTED) == [signed.code]
    # The unit's reporter fills its round's signed list: once.
    assert (
        pipeline.round_fill(round_=own_round, round_list=RoundList.SIGNED, user=people["reporter"])
        == 1
    )
    assert (
        RoundEntry.objects.filter(round=own_round, round_list=RoundList.SIGNED).get().project
        == pooled
    )
    assert codes(own_round, RoundList.SIGNED) == []
    assert (
        pipeline.round_fill(round_=own_round, round_list=RoundList.SIGNED, user=people["reporter"])
        == 0
    )


# --- 要素保障 --------------------------------------------------------------------------------


def needs(project, **rows):
    return {
        kind: ResourceNeed.objects.create(
            project=project, kind=kind, needed=Decimal(needed), secured=Decimal(secured)
        )
        for kind, (needed, secured) in rows.items()
    }


def test_a_gap_is_computed_never_typed_and_totals_add_up_per_unit(district):
    first = ProjectFactory(district=district)
    second = ProjectFactory(district=district)
    needs(first, land=("120", "80"), funding=("50000", "35000.50"))
    needs(second, land=("30.5", "30.5"), energy=("800", "200"))
    needs(ProjectFactory(), land=("1000", "0"))
    gaps = {
        (n.project_id, n.kind): n.gap
        for n in ResourceNeed.objects.filter(project__district=district).with_gap()
    }
    assert gaps[first.pk, "land"] == Decimal("40.00")
    assert gaps[first.pk, "funding"] == Decimal("14999.50")
    assert gaps[second.pk, "land"] == 0
    from projects.models import Project

    totals = resource_totals(projects=Project.objects.filter(district=district))
    assert [row["kind"] for row in totals] == ["land", "energy", "funding"]  # the listed order
    land = totals[0]
    assert (land["needed"], land["secured"], land["gap"]) == (
        Decimal("150.50"),
        Decimal("110.50"),
        Decimal("40.00"),
    )
    assert (land["unit"], land["projects_short"]) == ("亩", 1)
    assert (totals[1]["gap"], totals[1]["unit"]) == (Decimal("600.00"), "吨标煤")


def test_more_secured_than_needed_is_refused(district, english):
    need = ResourceNeed(
        project=ProjectFactory(district=district),
        kind=ResourceKind.LAND,
        needed=Decimal(10),
        secured=Decimal(12),
    )
    with pytest.raises(ValidationError) as error:
        need.full_clean()
    assert "cannot exceed the need" in str(error.value)


def test_a_gap_is_raised_as_a_matter_of_a_dispatch_meeting(district, people):
    project = ProjectFactory(district=district)
    land = needs(project, land=("120", "80"), power=("5000", "5000"))
    meeting = MeetingFactory(district=district, held_on=D(2023, 5, 8))
    problem = resource_gap_raise(
        need=land["land"], meeting=meeting, user=people["reporter"], due_date=D(2023, 5, 31)
    )
    assert problem.meeting == meeting and problem.project == project
    assert (problem.category, problem.source) == (ProblemCategory.LAND, ProblemSource.DISPATCH)
    assert (problem.raised_on, problem.due_date) == (D(2023, 5, 8), D(2023, 5, 31))
    assert "40" in problem.title and "亩" in problem.title
    land["land"].refresh_from_db()
    assert land["land"].raised_at == meeting
    # No gap, another unit's meeting, not a dispatch meeting: refused, with reasons.
    with pytest.raises(ValidationError) as error:
        resource_gap_raise(need=land["power"], meeting=meeting, user=people["reporter"])
    assert "resource_need" in error.value.message_dict
    symposium = MeetingFactory(district=district, kind="symposium")
    with pytest.raises(ValidationError) as error:
        resource_gap_raise(need=land["land"], meeting=symposium, user=people["reporter"])
    assert "meeting" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        resource_gap_raise(need=land["land"], meeting=meeting, user=people["outsider"])
