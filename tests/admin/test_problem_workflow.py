"""The problem ledger in the admin (办结销号): accept (assignee, due date) or reject with a
reason, start, resolve, close once the enterprise rates it; overdue problems stand out."""

import datetime

import pytest
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from enterprises.choices import ProblemStatus, Satisfaction
from enterprises.models import Problem
from tests.factories import ProblemFactory

from .helpers import admin_url, changelist_pks, client_for

pytestmark = pytest.mark.django_db


def step(client, problem, name, data=None):
    return client.post(admin_url(Problem, "transition", problem.pk, name), data or {})


def test_the_whole_ledger_path_from_raised_to_closed(world):
    problem = ProblemFactory(
        district=world.hualong, enterprise=world.enterprise, submitter_phone="139 0000 1234"
    )
    reporter, reviewer = client_for(world.reporter), client_for(world.reviewer)

    due = timezone.localdate() + datetime.timedelta(days=60)  # within two years
    step(reporter, problem, "accept", {"assignee": world.cadre.pk, "due_date": due.isoformat()})
    problem.refresh_from_db()
    assert (problem.status, problem.assignee, problem.due_date) == (
        ProblemStatus.ACCEPTED,
        world.cadre,
        due,
    )
    assert problem.accepted_on == timezone.localdate()

    step(client_for(world.cadre_user), problem, "start")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_PROGRESS

    step(
        reporter,
        problem,
        "resolve",
        {"resolution": "协调银行贷款500万元", "outcome": "solved", "resolved_on": "2022-06-01"},
    )
    problem.refresh_from_db()
    assert (problem.status, problem.resolution, problem.resolved_on) == (
        ProblemStatus.RESOLVED,
        "协调银行贷款500万元",
        datetime.date(2022, 6, 1),
    )

    # Closing (销号) is the reviewer's, once the enterprise has rated the outcome itself.
    assert step(reporter, problem, "close").status_code == 403
    step(reviewer, problem, "close")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED  # not rated yet
    client_for(world.reviewer).post(
        "/feedback/track/",
        {"code": problem.tracking_code, "phone": "13900001234", "satisfaction": "satisfied"},
    )
    step(reviewer, problem, "close")
    problem.refresh_from_db()
    assert (problem.status, problem.satisfaction) == (ProblemStatus.CLOSED, Satisfaction.SATISFIED)
    assert problem.history.count() == 6


def test_reject_needs_a_reason(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    client = client_for(world.reporter)
    response = step(client, problem, "reject", {"reason": ""})
    assert "reason" in response.context["form"].errors
    step(client, problem, "reject", {"reason": "不属于政府职责范围"})
    problem.refresh_from_db()
    assert (problem.status, problem.rejection_reason) == (
        ProblemStatus.REJECTED,
        "不属于政府职责范围",
    )


def test_accept_cannot_assign_another_districts_cadre(world):
    from tests.factories import CadreFactory

    stranger = CadreFactory(district=world.jingkai)
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    response = step(client_for(world.reporter), problem, "accept", {"assignee": stranger.pk})
    assert "assignee" in response.context["form"].errors
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RAISED


def test_a_step_out_of_order_is_reported_not_applied(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    response = client_for(world.reporter).post(
        admin_url(Problem),
        {"action": "transition_start", "_selected_action": [problem.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert any(str(problem.tracking_code) in str(m) for m in response.context["messages"])
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RAISED


def test_buttons_follow_the_status_and_the_role(world):
    resolved = ProblemFactory(district=world.hualong, enterprise=world.enterprise, resolved=True)
    url = admin_url(Problem, "change", resolved.pk)
    reporter_buttons = client_for(world.reporter).get(url).context["workflow_buttons"]
    reviewer = client_for(world.reviewer)
    assert [b["name"] for b in reporter_buttons] == []
    assert [b["name"] for b in reviewer.get(url).context["workflow_buttons"]] == []  # not rated
    resolved.satisfaction = "basically_satisfied"
    resolved.save()
    assert [b["name"] for b in reviewer.get(url).context["workflow_buttons"]] == ["close"]


def test_status_cannot_be_typed_into_the_change_form(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    page = client_for(world.reporter).get(admin_url(Problem, "change", problem.pk))
    assert "status" not in page.context["adminform"].form.fields


def test_overdue_filter_lists_open_problems_past_their_due_date(world):
    today = timezone.localdate()
    late = ProblemFactory(
        district=world.hualong, enterprise=world.enterprise, due_date=today - datetime.timedelta(1)
    )
    ProblemFactory(district=world.hualong, enterprise=world.enterprise, due_date=today)
    ProblemFactory(
        district=world.hualong,
        enterprise=world.enterprise,
        due_date=today - datetime.timedelta(5),
        resolved=True,
    )
    response = client_for(world.reporter).get(admin_url(Problem), {"overdue": "yes"})
    assert changelist_pks(response) == {late.pk}
    row = {obj.pk: obj.is_overdue for obj in response.context["cl"].result_list}
    assert row == {late.pk: True}
    assert "(overdue)" in response.content.decode()


def test_search_by_tracking_code_and_credit_code(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    ProblemFactory(district=world.hualong)
    client = client_for(world.reporter)
    by_code = client.get(admin_url(Problem), {"q": problem.tracking_code})
    by_credit = client.get(admin_url(Problem), {"q": world.enterprise.credit_code})
    assert changelist_pks(by_code) == changelist_pks(by_credit) == {problem.pk}


def test_raised_after_it_was_accepted_is_a_form_error(world):
    """accepted_on is the workflow's (read-only here), yet the form checks it against the
    new raised_on: a form error with the constraint's message, not a database error."""
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise, accepted=True)
    client = client_for(world.reporter)
    url = admin_url(Problem, "change", problem.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value or "" for name, value in data.items() if not isinstance(value, FieldFile)}
    data["raised_on"] = "2022-06-01"  # accepted on 2022-05-13
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A problem cannot be accepted before it was raised."
    ]
    problem.refresh_from_db()
    assert problem.raised_on == datetime.date(2022, 5, 12)


def test_a_claimed_enterprise_is_linked_only_by_the_confirm_button(world):
    problem = ProblemFactory(
        district=world.hualong,
        enterprise=None,
        source="feedback",
        submitter_credit_code=world.enterprise.credit_code,
    )
    url = admin_url(Problem, "change", problem.pk)
    buttons = client_for(world.reporter).get(url).context["workflow_buttons"]
    assert "confirm_enterprise" in [b["name"] for b in buttons]
    # Another district's official cannot even open the problem, let alone confirm it.
    assert step(client_for(world.other_reporter), problem, "confirm_enterprise").status_code == 404

    step(client_for(world.reporter), problem, "confirm_enterprise")
    problem.refresh_from_db()
    assert problem.enterprise == world.enterprise
    buttons = client_for(world.reporter).get(url).context["workflow_buttons"]
    assert "confirm_enterprise" not in [b["name"] for b in buttons]


def test_the_admin_holds_the_public_limits_on_description_and_phone(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    client = client_for(world.reporter)
    url = admin_url(Problem, "change", problem.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(description="问" * 5001, submitter_phone="call me")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"description", "submitter_phone"}
    problem.refresh_from_db()
    assert problem.description == "企业流动资金紧张，希望协调银行贷款。"
