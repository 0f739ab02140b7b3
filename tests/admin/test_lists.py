"""Every admin list: it renders for the roles that may see it, its search works, and it costs
the same number of queries for a few rows as for more (no query per row)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.period import Period
from core.roles import Role
from tests import factories
from tests.factories import UserFactory

from .helpers import admin_url, client_for, make_official

pytestmark = pytest.mark.django_db

OUR_APPS = {"districts", "projects", "enterprises", "auth"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
    key=lambda model: model._meta.label,
)


def factory_for(model):
    name = "UserFactory" if model._meta.label == "auth.User" else f"{model.__name__}Factory"
    return getattr(factories, name)


def scoped_kwargs(model, district):
    """Factory arguments that put a row in `district`, following the model's scoping path."""
    queryset = model._default_manager.all()
    lookup = getattr(queryset, "district_lookup", None)
    return {lookup: district} if lookup else {}


def make_rows(model, count, **kwargs):
    if model._meta.label == "auth.Group":
        return [model.objects.create(name=f"group-{model.objects.count()}") for _ in range(count)]
    factory = factory_for(model)
    return [factory(**kwargs) for _ in range(count)]


def list_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(admin_url(model))
    assert response.status_code == 200, (model, response.status_code)
    return len(context), response


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_list_queries_do_not_grow_with_rows_for_the_city(model):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(superuser)
    make_rows(model, 2)
    few, response = list_queries(client, model)
    assert response.context["cl"].result_count >= 2
    make_rows(model, 4)
    more, response = list_queries(client, model)
    assert response.context["cl"].result_count >= 6
    assert more == few, f"{model._meta.label}: {few} queries for 2 rows, {more} for 6"


SCOPED = [m for m in REGISTERED if hasattr(m._default_manager, "visible_to")]


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.label)
def test_list_queries_do_not_grow_with_rows_for_a_reporter(model):
    hualong = factories.DistrictFactory(code="hualong")
    reporter = make_official(Role.REPORTER, hualong)
    client = client_for(reporter)
    make_rows(model, 2, **scoped_kwargs(model, hualong))
    make_rows(model, 2, **scoped_kwargs(model, factories.DistrictFactory()))  # never listed
    few, response = list_queries(client, model)
    assert response.context["cl"].result_count == 2
    make_rows(model, 4, **scoped_kwargs(model, hualong))
    more, response = list_queries(client, model)
    assert response.context["cl"].result_count == 6
    assert more == few, f"{model._meta.label}: {few} queries for 2 rows, {more} for 6"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_search_and_every_filter_answer(model):
    """Each list's search and list filters render (a broken lookup would be a 500)."""
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    make_rows(model, 1)
    model_admin = admin.site._registry[model]
    if model_admin.search_fields:
        assert client.get(admin_url(model), {"q": "测试"}).status_code == 200
    response = client.get(admin_url(model))
    for spec in response.context["cl"].filter_specs:
        for choice in spec.choices(response.context["cl"]):
            query = choice["query_string"]
            assert client.get(admin_url(model) + query).status_code == 200, (model, query)


def test_project_list_shows_the_years_progress_from_the_formulas(world):
    from decimal import Decimal

    from projects.models import Project
    from projects.progress import project_progress

    factories.AnnualPlanFactory(
        project=world.project, year=2022, planned_investment=Decimal("8000")
    )
    factories.ProgressReportFactory(
        project=world.project,
        year=2022,
        month=3,
        completed_investment=Decimal("2000"),
        approved=True,
    )
    factories.ProgressReportFactory(
        project=world.project, year=2022, month=4, completed_investment=Decimal("500")
    )  # a draft: does not count
    response = client_for(world.reporter).get(admin_url(Project), {"year": "2022"})
    [row] = response.context["cl"].result_list
    expected = project_progress(world.project, period=Period(2022, 12))
    assert row.plan_investment == expected["planned_investment"] == Decimal("8000.00")
    assert row.completed_investment == expected["completed_investment"] == Decimal("2000.00")
    assert row.warning == expected["warning"]
    assert "25.0%" in response.content.decode()


def test_project_list_counts_overdue_milestones(world):
    import datetime

    from projects.models import Project

    factories.MilestoneFactory(project=world.project, planned_date=datetime.date(2020, 1, 1))
    factories.MilestoneFactory(
        project=world.project,
        planned_date=datetime.date(2020, 1, 1),
        actual_date=datetime.date(2020, 1, 2),
    )
    factories.MilestoneFactory(project=world.project, planned_date=datetime.date(2999, 1, 1))
    response = client_for(world.reporter).get(admin_url(Project))
    [row] = response.context["cl"].result_list
    assert row.overdue_milestones == 1


def test_every_model_of_the_domain_is_in_the_admin():
    from django.apps import apps

    for label in ("districts", "projects", "enterprises"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            if getattr(model._default_manager.get_queryset(), "tracked", True) is False:
                continue  # rows derived from the records (projects.totals), never edited
            assert model in admin.site._registry, model


ROLES = ["reporter", "reviewer", "cadre_user", "city_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_every_role_without_error(world, role):
    """List, add and change page of every model: shown, or refused (403/404), never a 500."""
    rows = {}
    for model in REGISTERED:
        if model._meta.app_label == "auth":
            continue
        rows[model] = make_rows(model, 1, **scoped_kwargs(model, world.hualong))[0]
    client = client_for(getattr(world, role))
    for model, row in rows.items():
        for url in (
            admin_url(model),
            admin_url(model, "add"),
            admin_url(model, "change", row.pk),
        ):
            status = client.get(url).status_code
            assert status in (200, 403, 404), (role, url, status)
