"""A positive case for every filter of every FilterSet (`*/filtersets.py`): a value and the
rows of `varied_world` (tests/world.py) it must leave, out of those the city administrator
sees. The API (tests/api/test_filtersets.py) and the pages that filter with a FilterSet
(tests/pages/test_filtersets.py) are checked against these cases, and a filter without a
case fails `test_every_filter_has_a_positive_case`. Both also check every ordering key, both
ways, with `assert_sorted`.
"""

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django_filters
from django.apps import apps
from django.conf import settings

from core import filtersets as core
from districts import filtersets as districts
from enterprises import filtersets as enterprises
from projects import filtersets as projects

# FilterSets that pages use (tests/pages/test_filtersets.py), besides the API's.
PAGE_FILTERSETS = [projects.ProjectFilterSet, projects.RoundEntryFilterSet]
# Lights sort by severity (green, yellow, red), not by name.
LIGHT_SEVERITY = {"green": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class Case:
    value: Any  # the query value, or a function of the world giving it (an id, a code)
    rows: Callable  # world -> the rows the filter must leave

    def query_value(self, world):
        return self.value(world) if callable(self.value) else self.value


def filterset_modules():
    """The filtersets.py module of every app of the project (not of installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for app in apps.get_app_configs():
        if base in Path(app.path).resolve().parents and (Path(app.path) / "filtersets.py").exists():
            found.append(importlib.import_module(f"{app.name}.filtersets"))
    return found


def every_filterset():
    """Every FilterSet of a model declared in the apps' filtersets.py modules."""
    found = []
    for module in filterset_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, django_filters.FilterSet)
                and value.__module__ == module.__name__
                and getattr(value._meta, "model", None) is not None
            ):
                found.append(value)
    return found


def filter_names(filterset):
    """The filters of a FilterSet that select rows (all but `ordering`)."""
    return [name for name in filterset.base_filters if name != "ordering"]


def ordering_keys(filterset):
    """The `?ordering=` keys of a FilterSet (each also accepted with `-`)."""
    ordering = filterset.base_filters.get("ordering")
    choices = [value for value, _label in ordering.extra["choices"]] if ordering else []
    return [value for value in choices if not value.startswith("-")]


def comparable(key, value):
    """A value as its ordering key compares it."""
    return LIGHT_SEVERITY[value] if key == "warning" and value is not None else value


def assert_sorted(key, values, descending):
    """`values` (of ordering key `key`, in the order shown) are in order and can tell a wrong
    order (two or more differ); empty ones (NULL) together at one end, wherever the database
    puts them (PostgreSQL last ascending, SQLite first)."""
    present = [comparable(key, value) for value in values if value is not None]
    assert len(set(present)) >= 2, values
    assert present == sorted(present, reverse=descending), values
    empty = [i for i, value in enumerate(values) if value is None]
    ends = ([], list(range(len(empty))), list(range(len(values) - len(empty), len(values))))
    assert empty in ends, values


def _sides(*names):
    """Rows named by attribute on both sides: `_sides("project")` -> both published projects."""
    return lambda w: [getattr(side, name) for side in (w.hualong, w.jingkai) for name in names]


def _project_parts(rows, hidden, more=()):
    """Cases of the filters every record of a project has (ProjectPartFilterSet): `rows` name
    a side's records of its published project, `hidden` the one of its unpublished project,
    `more` the records of `vary()` on 华龙区's published project."""

    def records(side, names):
        return [getattr(side, name) for name in names]

    return {
        "project": [
            Case("hualong-pub", lambda w: records(w.hualong, rows) + records(w.more, more))
        ],
        "district": [Case("jingkai", lambda w: records(w.jingkai, (*rows, hidden)))],
        "search": [Case("化工研发", lambda w: records(w.jingkai, [hidden]))],  # project name
    }


def _jingkai_records(record, *names):
    """Cases of the filters (`enterprise`, `cadre`, `district`) naming what 经开区's campaign
    `record` (its assignment, visit or problem) belongs to: they leave that record only."""
    values = {
        "enterprise": lambda w: w.jingkai.enterprise.credit_code,
        "cadre": lambda w: w.jingkai.cadre.pk,
        "district": "jingkai",
    }
    return {name: [Case(values[name], lambda w: [getattr(w.jingkai, record)])] for name in names}


CASES = {
    core.NotificationFilterSet: {
        "unread": [
            Case("true", lambda w: [w.more.unread]),
            Case("false", lambda w: [w.more.read]),
        ],
        "kind": [Case("problem_escalated", lambda w: [w.more.read])],
        "unit": [Case("华龙区", lambda w: [w.more.unread])],
    },
    core.ReportingPeriodFilterSet: {
        "status": [Case("open", lambda w: [w.more.open_period])],
        "year": [Case(2023, lambda w: [w.more.open_period])],
    },
    districts.DistrictFilterSet: {
        "kind": [Case("development_zone", lambda w: [w.jingkai.district])],
        "parent": [Case("puyang", lambda w: [w.hualong.district])],
        "search": [Case("经开", lambda w: [w.jingkai.district])],
    },
    projects.RoundEntryFilterSet: {
        "round": [Case("r2", lambda w: w.more.second_entries)],
        # A unit's own rounds and its projects on city-wide rounds (not on other units').
        "district": [Case("jingkai", lambda w: [w.entries[2]])],
        "list": [
            Case("in_production", lambda w: [w.entries[2]]),
            Case("signed", lambda w: [w.entries[0], *w.more.second_entries[1::2]]),
        ],
    },
    projects.IndustryFilterSet: {
        "search": [Case("化工", lambda w: [w.more.chemicals])],
    },
    projects.ProjectFilterSet: {
        "district": [Case("jingkai", lambda w: [w.jingkai.project, w.jingkai.hidden_project])],
        "industry": [Case("chemicals", lambda w: [w.jingkai.project])],
        "level": [Case("provincial", lambda w: [w.hualong.project])],
        "stage": [Case("under_construction", lambda w: [w.hualong.project])],
        "category": [Case("infrastructure", lambda w: [w.jingkai.project])],
        "nature": [Case("continuing", lambda w: [w.jingkai.project])],
        "round": [
            Case("r1", lambda w: [w.hualong.project, w.hualong.hidden_project, w.jingkai.project])
        ],
        "year": [Case(2023, lambda w: [w.hualong.project])],
        # Both bounds are inclusive.
        "min_investment": [Case("120000", _sides("project"))],
        "max_investment": [Case("50000", _sides("hidden_project"))],
        "published": [
            Case("true", _sides("project")),
            Case("false", _sides("hidden_project")),
        ],
        # The light of the list's period (December 2022 in the varied world).
        "warning": [
            Case("yellow", lambda w: [w.jingkai.project]),
            Case("red", lambda w: [w.hualong.project, *_sides("hidden_project")(w)]),
        ],
        "search": [
            Case("jingkai-p", lambda w: [w.jingkai.project]),  # code
            Case("化工研发", lambda w: [w.jingkai.hidden_project]),  # name
            Case("华龙氢能", lambda w: [w.hualong.project]),  # owner's name
        ],
    },
    projects.ProgressReportFilterSet: {
        **_project_parts(("approved", "draft"), "hidden_approved", more=["report_2023"]),
        "year": [Case(2023, lambda w: [w.more.report_2023])],
        "month": [Case(2, _sides("draft"))],
        "until_month": [Case(1, _sides("approved", "hidden_approved"))],
        "status": [
            Case(
                "approved",
                lambda w: [*_sides("approved", "hidden_approved")(w), w.more.report_2023],
            )
        ],
        # 经开区's January 2022: 10,500 万元 on a plan of 10,000 (above 3 × 833.33: a jump), and
        # its unpublished project's 1,000 with 300 in place.
        "flagged": [
            Case("true", lambda w: [w.jingkai.approved, w.jingkai.hidden_approved]),
            Case(
                "false",
                lambda w: [
                    *_sides("draft")(w),
                    w.hualong.approved,
                    w.hualong.hidden_approved,
                    w.more.report_2023,
                ],
            ),
        ],
        "flag": [
            Case("exceeds_funding", lambda w: [w.jingkai.hidden_approved]),
            Case("jump", lambda w: [w.jingkai.approved]),
        ],
    },
    projects.MilestoneFilterSet: {
        **_project_parts(["milestone"], "hidden_milestone"),
        "kind": [Case("signing", lambda w: [w.hualong.milestone])],
        "year": [Case(2099, lambda w: [w.jingkai.milestone])],
        "planned_after": [Case("2022-07-01", lambda w: [w.jingkai.milestone])],
        "planned_before": [Case("2022-03-01", lambda w: [w.hualong.milestone])],
        "overdue": [
            Case("true", lambda w: [w.hualong.hidden_milestone]),
            Case(
                "false",
                lambda w: [w.hualong.milestone, w.jingkai.milestone, w.jingkai.hidden_milestone],
            ),
        ],
    },
    projects.FundingFilterSet: {
        **_project_parts(["funding"], "hidden_funding"),
        "kind": [Case("special_bond", lambda w: [w.hualong.funding])],
        "year": [Case(2023, lambda w: [w.jingkai.funding])],
    },
    projects.PoolReviewFilterSet: {
        **_project_parts(["pool_review"], "hidden_pool_review"),
        "status": [Case("approved", lambda w: [w.jingkai.pool_review])],
        "stage": [Case("under_construction", lambda w: [w.hualong.pool_review])],
    },
    projects.RoundFilterSet: {
        "district": [Case("hualong", lambda w: [w.more.round])],
        "year": [Case(2023, lambda w: [w.more.round])],
        "search": [Case("第二期", lambda w: [w.more.round])],
    },
    enterprises.EnterpriseFilterSet: {
        "district": [Case("jingkai", lambda w: [w.jingkai.enterprise])],
        "industry": [Case("chemicals", lambda w: [w.jingkai.enterprise, w.more.small])],
        "kind": [Case("institute", lambda w: [w.jingkai.enterprise])],
        "above_scale": [
            Case("false", lambda w: [w.more.small]),
            Case("true", _sides("enterprise")),
        ],
        "label": [Case("specialised", _sides("enterprise"))],
        # Covered (a cadre assigned), as the campaign's "enterprises covered" counts them:
        # by 经开区's cadre; in 2021 or later (the small one's ended in 2020); by 2020.
        "assisted_by": [Case("jingkai", lambda w: [w.jingkai.enterprise])],
        "assisted_from": [Case("2021-01-01", _sides("enterprise"))],
        "assisted_to": [Case("2020-12-31", lambda w: [w.more.small])],
        # Given support, as the campaign's support figures count them: a loan to 华龙区's
        # enterprise on 2022-07-01, an award to 经开区's on 2023-02-01.
        "supported": [Case("loan", lambda w: [w.hualong.enterprise])],
        "supported_from": [Case("2023-01-01", lambda w: [w.jingkai.enterprise])],
        "supported_to": [Case("2022-12-31", lambda w: [w.hualong.enterprise])],
        "search": [
            Case("经开化工", lambda w: [w.jingkai.enterprise]),  # name
            Case(lambda w: w.more.small.credit_code.lower(), lambda w: [w.more.small]),
        ],
    },
    enterprises.MeetingFilterSet: {
        "district": [Case("jingkai", lambda w: [w.more.symposium])],
        "kind": [Case("dispatch", lambda w: [w.more.dispatch])],
        "year": [Case(2023, lambda w: [w.more.symposium])],
        "held_after": [Case("2023-01-01", lambda w: [w.more.symposium])],
        "held_before": [Case("2022-12-31", lambda w: [w.more.dispatch])],
    },
    enterprises.SupportFilterSet: {
        "district": [Case("jingkai", lambda w: [w.more.subsidy])],
        "enterprise": [
            Case(lambda w: w.jingkai.enterprise.credit_code, lambda w: [w.more.subsidy])
        ],
        "kind": [Case("loan", lambda w: [w.more.loan])],
        "year": [Case(2023, lambda w: [w.more.subsidy])],
        "as_of": [Case("2022-12-31", lambda w: [w.more.loan])],  # granted by then
    },
    enterprises.CadreFilterSet: {
        "district": [Case("jingkai", lambda w: [w.jingkai.cadre])],
        "search": [
            Case("管委会", lambda w: [w.jingkai.cadre]),  # unit
            Case("王芳", lambda w: [w.hualong.cadre]),  # name
        ],
    },
    enterprises.AssignmentFilterSet: {
        **_jingkai_records("assignment", "enterprise", "cadre", "district"),
        "project": [Case("hualong-pub", lambda w: [w.hualong.project_assignment])],
        "role": [Case("chief_service_officer", lambda w: [w.more.ended])],
        "active": [
            Case("false", lambda w: [w.more.ended]),
            Case(
                "true",
                lambda w: [
                    w.hualong.assignment,
                    w.hualong.project_assignment,
                    w.jingkai.assignment,
                ],
            ),
        ],
    },
    enterprises.VisitFilterSet: {
        **_jingkai_records("visit", "enterprise", "cadre", "district"),
        "project": [Case("hualong-pub", lambda w: [w.more.call])],
        "mode": [Case("call", lambda w: [w.more.call])],
        "year": [Case(2023, lambda w: [w.more.call])],
        "visited_after": [Case("2022-08-20", lambda w: [w.jingkai.visit, w.more.call])],
        "visited_before": [Case("2022-05-12", lambda w: [w.hualong.visit])],
        "search": [Case("李强", lambda w: [w.jingkai.visit])],  # the cadre's name
    },
    enterprises.ProblemFilterSet: {
        **_jingkai_records("problem", "enterprise", "district"),
        "project": [Case("hualong-pub", lambda w: [w.more.power])],
        "category": [Case("power", lambda w: [w.more.power])],
        "source": [Case("feedback", lambda w: [w.more.power])],
        "status": [Case("accepted", lambda w: [w.jingkai.problem])],
        "outcome": [Case("solved", lambda w: [w.more.power])],
        "reopened": [
            Case("true", lambda w: [w.jingkai.problem]),
            Case("false", lambda w: [w.hualong.problem, w.more.power]),
        ],
        "assignee": [Case(lambda w: w.hualong.cadre.pk, lambda w: [w.more.power])],
        "overdue": [
            Case("true", lambda w: [w.hualong.problem]),
            Case("false", lambda w: [w.jingkai.problem, w.more.power]),
        ],
        "open": [
            Case("true", lambda w: [w.hualong.problem, w.jingkai.problem]),
            Case("false", lambda w: [w.more.power]),
        ],
        "accepted": [
            Case("true", lambda w: [w.jingkai.problem, w.more.power]),
            Case("false", lambda w: [w.hualong.problem]),
        ],
        "resolved": [
            Case("true", lambda w: [w.more.power]),
            Case("false", lambda w: [w.hualong.problem, w.jingkai.problem]),
        ],
        "year": [Case(2023, lambda w: [w.more.power])],
        "raised_after": [Case("2022-09-01", lambda w: [w.jingkai.problem, w.more.power])],
        "raised_before": [Case("2022-05-12", lambda w: [w.hualong.problem])],
        # Raised by that day, as a period's figures count them.
        "as_of": [Case("2022-05-12", lambda w: [w.hualong.problem])],
        "search": [Case("增容", lambda w: [w.more.power])],  # title
    },
}


def cases(filterset):
    """(filter name, case) pairs of a FilterSet, for parametrising."""
    return [(name, case) for name, each in CASES.get(filterset, {}).items() for case in each]
