"""Each role's admin home: the one thing it does first, and the rows waiting for it.

- reporter: 本月填报 first (reports not filed and returned for the filing period), then its
  returned reports with their reasons;
- reviewer: its queue of reports awaiting review;
- cadre: its enterprises, its latest visits and the open problems it handles;
- city administrator: the per-district supervision table.

Rows go through the scoping gate; a few queries per page whatever the data's size.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.admin.display import changelist_url
from core.models import PeriodStatus, ReportingPeriod
from core.period import filing_periods, filing_state, month_label
from core.roles import Role
from core.scoping import cadre_of, official_of, sees_everything
from enterprises.choices import OPEN_STATUSES
from enterprises.models import Enterprise, Problem, Visit
from projects.choices import ReportStatus
from projects.filing import review_queue, unfiled_projects
from projects.models import ProgressReport

from .district_table import district_table

LISTED = 10


def role_of(user):
    if sees_everything(user):
        return Role.CITY_ADMIN
    official = official_of(user)
    return official.role if official else None


def _reporter(user):
    periods = filing_periods()
    period = periods[0] if periods else None
    returned = (
        ProgressReport.objects.managed_by(user)
        .filter(status=ReportStatus.RETURNED)
        .select_related("project")
        .order_by("-reviewed_at", "pk")
    )
    unfiled = 0
    workbench = reverse("admin:workbench")
    if period is not None:
        unfiled = unfiled_projects(period.year, period.month).managed_by(user).count()
        workbench += "?" + urlencode({"period": f"{period.year}-{period.month:02d}"})
    return {
        "actions": [
            {
                "label": _("Monthly filing"),
                "url": workbench,
                "note": _("%(count)d not filed") % {"count": unfiled},
                "id": "home-workbench",
            }
        ],
        "returned": _returned(returned[:LISTED], periods),
    }


def _returned(reports, periods):
    """Each returned report with where it is fixed: its own month's card on the workbench
    while that month is open (`?period=` is the report's month, never the next one); in a
    closed month the 补报 route instead (only a city administrator writes it, as a late
    report), with the report itself to read; otherwise (no reporting cycle in use) the
    report's own form."""
    open_months = {(period.year, period.month) for period in periods}
    states = {}
    items = []
    for report in reports:
        month = (report.year, report.month)
        if month not in states:
            states[month] = filing_state(*month)
        item = {"report": report, "late_route": None}
        if month in open_months:
            item["url"] = (
                f"{reverse('admin:workbench')}?"
                + urlencode({"period": f"{report.year}-{report.month:02d}"})
                + f"#p{report.project_id}"
            )
        else:
            item["url"] = reverse("admin:projects_progressreport_change", args=[report.pk])
            if states[month] == PeriodStatus.CLOSED:
                item["late_route"] = _(
                    "%(month)s is closed: the correction is now a late report (补报), filed by "
                    "a city administrator. Send them the corrected figure."
                ) % {"month": month_label(*month)}
        items.append(item)
    return items


def _reviewer(user):
    queue = review_queue(user)
    return {
        "actions": [
            {
                "label": _("Review monthly reports"),
                "url": reverse("admin:review"),
                "note": _("%(count)d awaiting") % {"count": queue.count()},
                "id": "home-review",
            }
        ],
        "queue": list(queue[:LISTED]),
    }


def _cadre(user):
    cadre = cadre_of(user)
    today = timezone.localdate()
    enterprises = Enterprise.objects.managed_by(user).select_related("district")
    problems = (
        Problem.objects.managed_by(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("enterprise")
        .order_by("due_date", "pk")
    )
    visits = Visit.objects.managed_by(user).select_related("enterprise", "project")
    return {
        "actions": [
            {
                "label": _("Record a visit"),
                # A card per enterprise the cadre helps, its own first: a visit in a few taps.
                "url": reverse("admin:enterprises_visit_quick"),
                "id": "home-visit",
            },
            {
                "label": _("Problems I handle"),
                "url": changelist_url(Problem, status__in=",".join(OPEN_STATUSES)),
                "id": "home-problems",
            },
        ],
        "cadre": cadre,
        "enterprises": list(enterprises[:LISTED]),
        "enterprise_count": enterprises.count(),
        "visits": list(visits[:5]),
        "problems": list(problems[:LISTED]),
        "today": today,
    }


def _city(user):
    return {
        "actions": [
            {
                "label": _("Reporting periods"),
                "url": changelist_url(ReportingPeriod),
                "id": "home-periods",
            },
        ],
        "table": district_table(user),
    }


HOMES = {
    Role.REPORTER: _reporter,
    Role.REVIEWER: _reviewer,
    Role.CADRE: _cadre,
    Role.CITY_ADMIN: _city,
}


def role_home(user):
    """The role's home page as template context (`role` names the template's part)."""
    role = role_of(user)
    if role not in HOMES:
        return None
    return {"role": role, **HOMES[role](user)}
