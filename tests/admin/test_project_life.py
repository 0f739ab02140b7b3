"""Project life in the admin (issue 20): a unit proposes a reserve project for the pool by
adding a review, the city approves it with the change page's button (not the proposer:
four eyes); a round's signed list is filled from the pool; a gap is raised at a dispatch
meeting; the city keeps the required-approvals list."""

import datetime
from decimal import Decimal

import pytest

from enterprises.models import Problem
from projects.choices import PoolReviewStatus, RoundList, Stage
from projects.models import PoolReview, RequiredApproval, ResourceNeed, RoundEntry
from tests.factories import MeetingFactory, RoundFactory

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db


def test_a_unit_proposes_and_the_city_approves_with_the_button(world):
    world.project.stage = Stage.RESERVE
    world.project.save()
    reporter = client_for(world.reporter)
    response = reporter.post(
        admin_url(PoolReview, "add"), {"project": world.project.pk, "reason": "补链"}
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    review = PoolReview.objects.get(project=world.project)
    assert (review.status, review.proposed_by) == (PoolReviewStatus.PROPOSED, world.reporter)
    page = client_for(world.city_admin).get(admin_url(PoolReview, "change", review.pk))
    names = {button["name"] for button in page.context["workflow_buttons"]}
    assert names == {"approve", "return"}
    # The reporter sees its proposal, with no button to approve it.
    own = reporter.get(admin_url(PoolReview, "change", review.pk))
    assert own.status_code == 200 and own.context["workflow_buttons"] == []
    step = admin_url(PoolReview, "transition", review.pk, "approve")
    assert client_for(world.city_admin).post(step).status_code == 302
    review.refresh_from_db()
    assert review.status == PoolReviewStatus.APPROVED


def test_a_project_not_in_the_pipeline_is_not_proposed(world):
    response = client_for(world.reporter).post(
        admin_url(PoolReview, "add"), {"project": world.project.pk}
    )
    assert response.status_code == 200 and "project" in response.context["adminform"].form.errors
    assert not PoolReview.objects.exists()


def test_a_rounds_signed_list_is_filled_from_the_pool(world):
    world.project.stage = Stage.PRELIMINARY
    world.project.save()
    PoolReview.objects.create(project=world.project, status=PoolReviewStatus.APPROVED)
    round_ = RoundFactory(district=world.hualong)
    response = client_for(world.reporter).post(
        admin_url(round_._meta.model),
        {"action": "fill_signed", "_selected_action": [round_.pk]},
    )
    assert response.status_code == 302
    entry = RoundEntry.objects.get(round=round_)
    assert (entry.project, entry.round_list) == (world.project, RoundList.SIGNED)


def test_a_gap_is_raised_at_a_dispatch_meeting_from_the_list(world):
    need = ResourceNeed.objects.create(
        project=world.project, kind="land", needed=Decimal(120), secured=Decimal(80)
    )
    meeting = MeetingFactory(district=world.hualong, held_on=datetime.date(2023, 5, 8))
    client = client_for(world.reporter)
    data = {"action": "raise_gap", "_selected_action": [need.pk]}
    form = client.post(admin_url(ResourceNeed), data)
    assert form.status_code == 200 and list(form.context["form"].fields) == ["meeting", "due_date"]
    done = client.post(admin_url(ResourceNeed), {**data, "apply": "yes", "meeting": meeting.pk})
    assert done.status_code == 302
    matter = Problem.objects.get(meeting=meeting)
    assert matter.project == world.project and matter.source == "dispatch"
    need.refresh_from_db()
    assert need.raised_at == meeting


def test_the_required_approvals_list_is_the_citys(world):
    assert client_for(world.reporter).get(admin_url(RequiredApproval, "add")).status_code == 403
    response = client_for(world.city_admin).post(
        admin_url(RequiredApproval, "add"),
        {
            "category": "industrial",
            "kind": "energy",
            "name": "节能审查",
            "legal_days": 20,
            "promised_days": 10,
            "order": 5,
        },
    )
    assert response.status_code == 302
    assert RequiredApproval.objects.get().name == "节能审查"
