"""Who sees and changes what in the admin, tried from the outside with each role's login:
lists, another district's pages by URL, crafted POSTs, bulk actions, autocomplete, exports."""

import pytest

from core.roles import Role
from enterprises.models import Enterprise, Problem, Visit
from projects.choices import ReportStatus
from projects.models import Milestone, ProgressReport, Project
from tests.factories import (
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    VisitFactory,
)

from .helpers import admin_url, changelist_pks, client_for

pytestmark = pytest.mark.django_db


def project_form(project, **changes):
    """The POST of the project change form as the admin renders it (no inline rows)."""
    data = {
        "code": project.code,
        "national_code": project.national_code,
        "name": project.name,
        "district": project.district_id,
        "level": project.level,
        "category": project.category,
        "nature": project.nature,
        "industry": project.industry_id or "",
        "stage": project.stage,
        "total_investment": str(project.total_investment),
        "owner": "",
        "leader": project.leader,
        "planned_start": "",
        "actual_start": "",
        "planned_completion": "",
        "actual_completion": "",
        "location": project.location,
        "latitude": "",
        "longitude": "",
        "construction_content": project.construction_content,
        "is_published": "on",
    }
    for prefix in (
        "annual_plans",
        "reports",
        "milestones",
        "funding",
        "approval_items",
        "resource_needs",
        "photos",
        "round_entries",
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    return data


# --- Lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "reviewer"])
def test_district_officials_list_only_their_district(world, role):
    response = client_for(getattr(world, role)).get(admin_url(Project))
    assert response.status_code == 200
    assert changelist_pks(response) == {world.project.pk}


def test_city_admin_lists_every_district(world):
    response = client_for(world.city_admin).get(admin_url(Project))
    assert changelist_pks(response) == {world.project.pk, world.other_project.pk}


def test_cadre_lists_only_assigned_enterprises_and_no_unassigned_project(world):
    client = client_for(world.cadre_user)
    assert changelist_pks(client.get(admin_url(Enterprise))) == {world.enterprise.pk}
    assert changelist_pks(client.get(admin_url(Project))) == set()


def test_user_without_role_is_refused_the_admin(world):
    from tests.factories import UserFactory

    plain = UserFactory(is_staff=True)
    assert client_for(plain).get(admin_url(Project)).status_code == 403


# --- Another district's object by URL ---------------------------------------------------------


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_another_districts_project_is_not_found(world, view):
    response = client_for(world.reporter).get(admin_url(Project, view, world.other_project.pk))
    assert response.status_code == 404


def test_another_districts_history_version_is_refused(world):
    version = world.other_project.history.first()
    url = admin_url(Project, "simple_history", world.other_project.pk, version.history_id)
    assert client_for(world.reporter).get(url).status_code in (403, 404)


def test_cadre_cannot_open_an_unassigned_enterprise(world):
    url = admin_url(Enterprise, "change", world.other_enterprise.pk)
    assert client_for(world.cadre_user).get(url).status_code == 404


# --- Crafted POSTs ----------------------------------------------------------------------------


def test_reporter_cannot_create_a_project_in_another_district(world):
    template = ProjectFactory.build(code="crafted-1", district=world.jingkai)
    data = project_form(template, industry="")
    response = client_for(world.reporter).post(admin_url(Project, "add"), data)
    assert response.status_code == 200  # the form again, with an error on district
    assert "district" in response.context["adminform"].form.errors
    assert not Project.objects.filter(code="crafted-1").exists()


def test_a_taken_code_is_refused_without_confirming_another_districts_project(world):
    ProjectFactory(district=world.jingkai, code="jk-secret", is_published=False)
    client = client_for(world.reporter)

    def add_with_code(code):
        template = ProjectFactory.build(code=code, district=world.hualong)
        response = client.post(admin_url(Project, "add"), project_form(template, industry=""))
        assert response.status_code == 200  # the form again
        return response.context["adminform"].form.errors["code"]

    hidden, own = add_with_code("jk-secret"), add_with_code(world.project.code)
    assert hidden == own == ["This project code cannot be used; choose another one."]
    assert Project.objects.filter(code="jk-secret").get().district == world.jingkai


INVALID_ELSEWHERE = {
    "a field": {"total_investment": "-1"},
    "a rule on the row": {"actual_start": "2022-03-01", "actual_completion": "2022-02-01"},
    "an inline row": {
        "annual_plans-TOTAL_FORMS": "1",
        "annual_plans-0-year": "1800",
        "annual_plans-0-planned_investment": "100",
    },
}


@pytest.mark.parametrize("invalid", INVALID_ELSEWHERE.values(), ids=INVALID_ELSEWHERE)
def test_with_anything_else_invalid_a_hidden_taken_code_answers_as_a_free_one(world, invalid):
    """Whether a code is taken is said only when nothing else stops the save: otherwise a
    reporter could probe another district's unpublished codes without creating anything."""
    ProjectFactory(district=world.jingkai, code="jk-secret", is_published=False)
    client = client_for(world.reporter)

    def errors(code):
        template = ProjectFactory.build(code=code, district=world.hualong)
        data = project_form(template, industry="", **invalid)
        response = client.post(admin_url(Project, "add"), data)
        assert response.status_code == 200  # the form again
        return [list(each) for each in response.context["errors"]]

    taken = errors("jk-secret")
    assert taken and taken == errors("jk-free")
    assert not Project.objects.filter(code="jk-free").exists()


def test_reporter_cannot_move_its_project_to_another_district(world):
    data = project_form(world.project, district=world.jingkai.pk)
    response = client_for(world.reporter).post(admin_url(Project, "change", world.project.pk), data)
    assert response.status_code == 200
    world.project.refresh_from_db()
    assert world.project.district == world.hualong


def test_reporter_can_change_its_own_project(world):
    data = project_form(world.project, name="改名后的项目")
    response = client_for(world.reporter).post(admin_url(Project, "change", world.project.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.project.refresh_from_db()
    assert world.project.name == "改名后的项目"


def test_posting_to_another_districts_change_page_changes_nothing(world):
    data = project_form(world.other_project, name="篡改")
    url = admin_url(Project, "change", world.other_project.pk)
    assert client_for(world.reporter).post(url, data).status_code == 404
    world.other_project.refresh_from_db()
    assert world.other_project.name != "篡改"


def test_reporter_cannot_attach_a_report_to_another_districts_project(world):
    data = {"project": world.other_project.pk, "year": 2022, "month": 5}
    data.update(completed_investment="100", narrative="", problems_met="")
    data.update({"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"})
    response = client_for(world.reporter).post(admin_url(ProgressReport, "add"), data)
    assert response.status_code == 200
    assert "project" in response.context["adminform"].form.errors
    assert not ProgressReport.objects.exists()


def test_cadre_cannot_record_a_visit_for_another_cadre(world):
    from tests.factories import CadreFactory

    colleague = CadreFactory(district=world.hualong)
    data = {
        "cadre": colleague.pk,
        "enterprise": world.enterprise.pk,
        "district": world.hualong.pk,
        "visited_on": "2022-06-01",
        "mode": "visit",
        "summary": "走访",
    }
    response = client_for(world.cadre_user).post(admin_url(Visit, "add"), data)
    assert response.status_code == 200
    assert "cadre" in response.context["adminform"].form.errors
    assert not Visit.objects.exists()


def test_cadre_records_its_own_visit(world):
    data = {
        "cadre": world.cadre.pk,
        "enterprise": world.enterprise.pk,
        "district": world.hualong.pk,
        "visited_on": "2022-06-01",
        "mode": "visit",
        "summary": "走访企业",
        # No photos this time (the page's photo rows).
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = client_for(world.cadre_user).post(admin_url(Visit, "add"), data)
    assert response.status_code == 302
    assert Visit.objects.get().cadre == world.cadre


def test_cadre_cannot_add_projects(world):
    assert client_for(world.cadre_user).get(admin_url(Project, "add")).status_code == 403


def test_reviewer_cannot_edit_projects(world):
    client = client_for(world.reviewer)
    assert client.get(admin_url(Project, "add")).status_code == 403
    response = client.post(
        admin_url(Project, "change", world.project.pk), project_form(world.project, name="x")
    )
    assert response.status_code == 403


# --- Bulk actions ---------------------------------------------------------------------------


def test_bulk_delete_ignores_another_districts_rows(world):
    mine = MilestoneFactory(project=world.project)
    theirs = MilestoneFactory(project=world.other_project)
    data = {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"}
    client_for(world.reporter).post(admin_url(Milestone), data)
    assert list(Milestone.objects.all()) == [theirs]


def test_bulk_approve_ignores_another_districts_reports(world):
    mine = ProgressReportFactory(project=world.project, submitted=True)
    theirs = ProgressReportFactory(project=world.other_project, submitted=True)
    data = {"action": "transition_approve", "_selected_action": [mine.pk, theirs.pk]}
    client_for(world.reviewer).post(admin_url(ProgressReport), data)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (ReportStatus.APPROVED, ReportStatus.SUBMITTED)


# --- Autocomplete -----------------------------------------------------------------------------


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response


def test_autocomplete_offers_only_own_district_projects(world):
    response = autocomplete(client_for(world.reporter), "projects", "progressreport", "project")
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {world.project.pk}


def test_autocomplete_offers_a_cadre_only_its_enterprises(world):
    response = autocomplete(client_for(world.cadre_user), "enterprises", "visit", "enterprise")
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {world.enterprise.pk}


def test_autocomplete_search_does_not_reach_other_districts(world):
    response = autocomplete(
        client_for(world.reporter), "enterprises", "problem", "enterprise", term="开发区"
    )
    assert response.json()["results"] == []


# --- Exports --------------------------------------------------------------------------------


def export_csv(client, model):
    response = client.post(admin_url(model, "export"), {"format": "1", "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode("utf-8-sig")


def test_export_holds_only_the_users_district(world):
    content = export_csv(client_for(world.reporter), Project)
    assert world.project.code in content
    assert world.other_project.code not in content


def test_cadre_exports_only_its_problems(world):
    ProblemFactory(district=world.hualong, enterprise=world.enterprise, title="我的问题")
    ProblemFactory(district=world.jingkai, enterprise=world.other_enterprise, title="别人的问题")
    content = export_csv(client_for(world.cadre_user), Problem)
    assert "我的问题" in content
    assert "别人的问题" not in content


def test_import_is_refused_to_roles_that_cannot_change(world):
    assert client_for(world.reviewer).get(admin_url(Project, "import")).status_code == 403
    assert client_for(world.cadre_user).get(admin_url(Enterprise, "import")).status_code == 403


# --- History --------------------------------------------------------------------------------


def test_history_of_own_project_is_visible_but_not_revertible(world):
    client = client_for(world.reporter)
    assert client.get(admin_url(Project, "history", world.project.pk)).status_code == 200
    version = world.project.history.first()
    url = admin_url(Project, "simple_history", world.project.pk, version.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, project_form(world.project, name="回滚")).status_code == 403


def test_visit_list_of_a_cadre_holds_only_its_visits(world):
    mine = VisitFactory(cadre=world.cadre, enterprise=world.enterprise)
    VisitFactory(district=world.jingkai, enterprise=world.other_enterprise)
    response = client_for(world.cadre_user).get(admin_url(Visit))
    assert changelist_pks(response) == {mine.pk}


def test_official_roles_are_groups(world):
    assert set(world.reporter.groups.values_list("name", flat=True)) == {Role.REPORTER}
    assert world.reporter.has_perm("projects.add_project")
    assert not world.reviewer.has_perm("projects.add_project")
    assert world.reviewer.has_perm("projects.view_progressreport")
    assert not world.reviewer.has_perm("projects.change_progressreport")  # four eyes
    assert world.cadre_user.has_perm("enterprises.add_visit")
    assert not world.cadre_user.has_perm("projects.change_project")
    assert world.city_admin.has_perm("auth.change_user")


def test_a_cadres_new_visit_and_problem_default_to_itself(world):
    client = client_for(world.cadre_user)
    visit_form = client.get(admin_url(Visit, "add")).context["adminform"].form
    problem_form = client.get(admin_url(Problem, "add")).context["adminform"].form
    assert (visit_form.initial["cadre"], visit_form.initial["district"]) == (
        world.cadre.pk,
        world.hualong.pk,
    )
    assert problem_form.initial["assignee"] == world.cadre.pk
