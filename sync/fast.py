"""The projects feed's rows without DRF's per-field machinery: the same fields and values as
FeedProjectSerializer (tests/sync/test_feed.py compares them row by row), from `values_list`
rows, formatted as the serializer's fields format them. DRF spends about a millisecond on a
project and its plans, milestones and funding; this path a tenth of that.
"""

import itertools
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from projects.models import AnnualPlan, Funding, Milestone, Project

CENT = Decimal("0.01")
TENTH = Decimal("0.1")

PROJECT = [
    "pk",
    "code",
    "national_code",
    "name",
    "district__code",
    "district__name",
    "level",
    "category",
    "nature",
    "industry__code",
    "industry__name",
    "stage",
    "total_investment",
    "owner__credit_code",
    "owner__name",
    "leader",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "location",
    "latitude",
    "longitude",
    "is_published",
    "updated_at",
    "plan_investment",
    "completed_investment",
    "completion_rate",
    "points_ahead",
    "warning",
]


def _labels(model, field):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _money(value):
    return None if value is None else format(value.quantize(CENT), "f")


def _decimal(value, places):
    return None if value is None else format(value.quantize(Decimal(1).scaleb(-places)), "f")


def _rate(value):
    return None if value is None else float(Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP))


def _day(value):
    return None if value is None else value.isoformat()


def _moment(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def project_rows(projects, period, chunk_size):
    """Each project of the queryset (annotated with its figures, ordered) as a feed row."""
    labels = {name: _labels(Project, name) for name in ("level", "category", "nature", "stage")}
    milestone_kinds = _labels(Milestone, "kind")
    funding_kinds = _labels(Funding, "kind")
    lat_places = Project._meta.get_field("latitude").decimal_places
    lon_places = Project._meta.get_field("longitude").decimal_places
    today = timezone.localdate()
    read = projects.values_list(*PROJECT).iterator(chunk_size=chunk_size)
    while chunk := list(itertools.islice(read, chunk_size)):
        ids = [row[0] for row in chunk]
        plans, milestones, funding = {}, {}, {}
        for project, year, planned, goals in AnnualPlan.objects.filter(
            project_id__in=ids
        ).values_list("project_id", "year", "planned_investment", "goals"):
            plans.setdefault(project, []).append(
                {"year": year, "planned_investment": _money(planned), "goals": goals}
            )
        for project, pk, kind, name, planned, actual, overdue in (
            Milestone.objects.with_due_state(today)
            .filter(project_id__in=ids)
            .values_list(
                "project_id", "pk", "kind", "name", "planned_date", "actual_date", "overdue"
            )
        ):
            milestones.setdefault(project, []).append(
                {
                    "id": pk,
                    "kind": kind,
                    "kind_label": milestone_kinds.get(kind, kind),
                    "name": name,
                    "planned_date": _day(planned),
                    "actual_date": _day(actual),
                    "overdue": bool(overdue),
                }
            )
        for project, pk, kind, year, secured, disbursed, note in Funding.objects.filter(
            project_id__in=ids
        ).values_list("project_id", "pk", "kind", "year", "secured", "disbursed", "note"):
            funding.setdefault(project, []).append(
                {
                    "id": pk,
                    "kind": kind,
                    "kind_label": funding_kinds.get(kind, kind),
                    "year": year,
                    "secured": _money(secured),
                    "disbursed": _money(disbursed),
                    "note": note,
                }
            )
        for (
            pk,
            code,
            national_code,
            name,
            district,
            district_name,
            level,
            category,
            nature,
            industry,
            industry_name,
            stage,
            total,
            owner,
            owner_name,
            leader,
            planned_start,
            actual_start,
            planned_completion,
            actual_completion,
            location,
            latitude,
            longitude,
            published,
            updated_at,
            plan,
            completed,
            completion_rate,
            points_ahead,
            warning,
        ) in chunk:
            yield {
                "code": code,
                "national_code": national_code,
                "name": name,
                "district": district,
                "district_name": district_name,
                "level": level,
                "level_label": labels["level"].get(level, level),
                "category": category,
                "category_label": labels["category"].get(category, category),
                "nature": nature,
                "nature_label": labels["nature"].get(nature, nature),
                "industry": industry,
                "industry_name": industry_name,
                "stage": stage,
                "stage_label": labels["stage"].get(stage, stage),
                "total_investment": _money(total),
                "owner": owner,
                "owner_name": owner_name,
                "leader": leader,
                "planned_start": _day(planned_start),
                "actual_start": _day(actual_start),
                "planned_completion": _day(planned_completion),
                "actual_completion": _day(actual_completion),
                "location": location,
                "latitude": _decimal(latitude, lat_places),
                "longitude": _decimal(longitude, lon_places),
                "published": published,
                "updated_at": _moment(updated_at),
                "annual_plans": plans.get(pk, []),
                "milestones": milestones.get(pk, []),
                "funding": funding.get(pk, []),
                "figures": {
                    "year": period.year,
                    "month": period.month,
                    "version": period.version,
                    "planned_investment": _money(plan),
                    "completed_investment": _money(completed),
                    "completion_rate": _rate(completion_rate),
                    "points_ahead": _rate(points_ahead),
                    "warning": warning,
                },
            }
