"""Plausibility flags on a monthly report: figures and photos a reviewer should look at twice.

Each flag is one SQL condition over a report (with_flags), so the review queue, the API and
the per-unit counts (flag_counts) read the same answer from the database:

- `cumulative_decrease`: the report's cumulative figure (自开工累计) is below the one of the
  project's latest approved report before its month;
- `exceeds_funding`: the month's investment is above the funds in place (projects.Funding
  secured for the report's year, when the project has any funding recorded that year);
- `jump`: the month's investment is above PLAUSIBILITY_JUMP_FACTOR × the monthly plan (the
  year's annual plan ÷ 12);
- `photo_outside_month`: a photo's EXIF date (Photo.taken_at) is outside the report's month;
- `photo_far_from_site`: a photo's EXIF position is more than PLAUSIBILITY_PHOTO_KM km from
  the project's location (great-circle distance, haversine).
"""

import math
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from core.formulas import MONEY

from .choices import ReportStatus
from .filing import plan_of
from .models import Funding, Photo, ProgressReport

EARTH_RADIUS_KM = 6371.0088

FLAGS = {
    "cumulative_decrease": _("Cumulative figure falls"),
    "exceeds_funding": _("Above the funds in place"),
    "jump": _("Jump beyond the monthly plan"),
    "photo_outside_month": _("Photo taken outside the month"),
    "photo_far_from_site": _("Photo taken far from the site"),
}


def _boolean(condition):
    # NULL (a figure missing) is no flag, on PostgreSQL and SQLite alike.
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _float(name):
    return Cast(F(name), FloatField())


def _haversine(lat1, lon1, lat2, lon2):
    """sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2) of two positions in degrees (0 … 1)."""
    phi1, phi2 = Radians(_float(lat1)), Radians(_float(lat2))
    half_dphi = (Radians(_float(lat2)) - Radians(_float(lat1))) / 2
    half_dlambda = (Radians(_float(lon2)) - Radians(_float(lon1))) / 2
    return Power(Sin(half_dphi), 2) + Cos(phi1) * Cos(phi2) * Power(Sin(half_dlambda), 2)


def _far_threshold():
    """The haversine value of PLAUSIBILITY_PHOTO_KM: farther photos have a larger one."""
    return math.sin(settings.PLAUSIBILITY_PHOTO_KM / (2 * EARTH_RADIUS_KM)) ** 2


def _located():
    return Q(
        latitude__isnull=False,
        longitude__isnull=False,
        project__latitude__isnull=False,
        project__longitude__isnull=False,
    )


def photo_outside(year, month):
    """A photo with an EXIF date outside the month (date in the project's time zone)."""
    return Q(taken_at__isnull=False) & ~Q(taken_at__year=year, taken_at__month=month)


def _far():
    """A photo (with both positions) farther than PLAUSIBILITY_PHOTO_KM from its project."""
    return _located() & Q(
        GreaterThan(
            _haversine("project__latitude", "project__longitude", "latitude", "longitude"),
            Value(_far_threshold()),
        )
    )


def photos_with_evidence(photos=None):
    """Photos each with `outside_month`, `far` and `distance_km` (None without both
    positions)."""
    photos = Photo.objects.all() if photos is None else photos
    return photos.annotate(
        outside_month=_boolean(photo_outside(F("report__year"), F("report__month"))),
        far=_boolean(_far()),
        distance_km=Case(
            When(
                _located(),
                then=2
                * EARTH_RADIUS_KM
                * ASin(
                    Sqrt(
                        _haversine(
                            "project__latitude", "project__longitude", "latitude", "longitude"
                        )
                    )
                ),
            ),
            default=Value(None),
            output_field=FloatField(),
        ),
    )


def _previous_approved():
    """The project's approved reports with a cumulative figure, of months before the outer
    report's, latest first."""
    return (
        ProgressReport.objects.filter(
            project=OuterRef("project"),
            status=ReportStatus.APPROVED,
            cumulative_investment__isnull=False,
        )
        .filter(
            Q(year__lt=OuterRef("year")) | Q(year=OuterRef("year"), month__lt=OuterRef("month"))
        )
        .order_by("-year", "-month")
    )


def with_flags(reports):
    """Reports annotated with each flag (`flag_<code>`), `flagged` (any flag) and the
    evidence: `previous_cumulative`, `previous_year` and `previous_month` of the latest
    approved report before, `funds_in_place`, `year_plan`, `monthly_plan` and
    `plan_multiple` (the month ÷ the monthly plan)."""
    previous = _previous_approved()
    funds = (
        Funding.objects.filter(project=OuterRef("project"), year=OuterRef("year"))
        .order_by()
        .values("project")
        .annotate(total=Sum("secured"))
        .values("total")
    )
    photos = Photo.objects.filter(report=OuterRef("pk"))
    factor = Decimal(str(settings.PLAUSIBILITY_JUMP_FACTOR))
    reports = reports.annotate(
        previous_cumulative=Subquery(previous.values("cumulative_investment")[:1]),
        previous_year=Subquery(previous.values("year")[:1]),
        previous_month=Subquery(previous.values("month")[:1]),
        funds_in_place=Subquery(funds, output_field=MONEY),
        year_plan=plan_of(OuterRef("project"), OuterRef("year")),
    ).annotate(
        monthly_plan=Case(
            When(year_plan__gt=0, then=F("year_plan") / 12), default=None, output_field=MONEY
        ),
        plan_multiple=Case(
            When(
                year_plan__gt=0,
                then=_float("completed_investment") * 12 / _float("year_plan"),
            ),
            default=None,
            output_field=FloatField(),
        ),
    )
    conditions = {
        "cumulative_decrease": Q(cumulative_investment__lt=F("previous_cumulative")),
        "exceeds_funding": Q(completed_investment__gt=F("funds_in_place")),
        "jump": Q(year_plan__gt=0)
        & Q(GreaterThan(F("completed_investment") * 12, F("year_plan") * Value(factor))),
        "photo_outside_month": Exists(
            photos.filter(photo_outside(OuterRef("year"), OuterRef("month")))
        ),
        "photo_far_from_site": Exists(photos.filter(_far())),
    }
    reports = reports.annotate(
        **{f"flag_{code}": _boolean(condition) for code, condition in conditions.items()}
    )
    return reports.annotate(
        flagged=_boolean(Q(*(Q(**{f"flag_{code}": True}) for code in FLAGS), _connector=Q.OR))
    )


def with_evidence(reports):
    """with_flags, and each report's photos with their evidence (`checked_photos`, one
    query more): what the reviewer's card shows beside each flag."""
    photos = photos_with_evidence().order_by("order", "pk")
    return with_flags(reports).prefetch_related(
        Prefetch("photos", queryset=photos, to_attr="checked_photos")
    )


def flags_of(report):
    """The codes of a report's flags, in FLAGS order (one query when not annotated)."""
    if not hasattr(report, "flagged"):
        report = with_flags(ProgressReport.objects.filter(pk=report.pk)).get()
    return [code for code in FLAGS if getattr(report, f"flag_{code}")]


def _counts():
    return {
        "reports": Count("pk"),
        "flagged_reports": Count("pk", filter=Q(flagged=True)),
        **{code: Count("pk", filter=Q(**{f"flag_{code}": True})) for code in FLAGS},
    }


def flag_counts(reports, *, by):
    """Per value of `by` (e.g. "project__district"): the reports, the flagged ones, and how
    many carry each flag; counted by the database."""
    return with_flags(reports).order_by().values(by).annotate(**_counts())


def flag_totals(reports):
    """flag_counts over all the reports at once."""
    return with_flags(reports).aggregate(**_counts())
