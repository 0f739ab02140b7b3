"""The officials' admin site, whose home page is the role's own (portal.home) over a dashboard
of figures across apps."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin.display import changelist_url
from core.admin.site import TrackerAdminSite
from core.period import resolve_period
from core.roles import Role
from core.scoping import has_role, official_of, sees_everything
from enterprises.models import Problem
from projects.choices import ReportStatus
from projects.models import Milestone, ProgressReport, Project
from projects.querysets import DUE_SOON_DAYS
from stats.milestones import milestone_stats
from stats.problems import problem_stats
from stats.progress import district_progress

from .home import role_home, role_of

# The dashboard's cards each role works from (a reporter is not shown a reviewer's queue).
ROLE_CARDS = {
    Role.REPORTER: ("milestones_overdue", "milestones_soon", "problems_overdue"),
    Role.REVIEWER: ("awaiting_review", "milestones_overdue", "problems_overdue"),
    Role.CADRE: ("problems_overdue",),
}


def dashboard(user):
    """What needs attention in the user's district (or the city), each with its list link.

    Counts go through the scoping gate and the models' own definitions of "overdue"; the
    period's figures (completion, overdue problems and milestones of the city or the unit)
    are the figure groups every face reads (a published month's as stored), a cadre's
    overdue problems its own assigned ones.
    """
    official = official_of(user)
    period = resolve_period()
    # Overdue counts stand at the period's day, like every face's; "due soon" is today's.
    as_of, today = period.as_of, timezone.localdate()
    year = period.year
    table = district_progress(period=period, user=user)
    own = [
        row
        for row in table["results"]
        if official and official.district and row["district"] == official.district.code
    ]
    if sees_everything(user) or official is None or has_role(user, Role.CADRE) or not own:
        progress = table["city"]
        scope = progress["name"] or _("the city")
    else:
        progress = own[0]
        scope = official.district.name
    milestones = Milestone.objects.managed_by(user)
    problems = Problem.objects.managed_by(user).raised_in(year, as_of)
    # The period's figures of what the official answers for: the city, or its unit.
    unit = None if sees_everything(user) or official is None else official.district
    figures = {"period": period, "district": unit, "user": user}
    # Counted only when the role is shown the card.
    cards = [
        {
            "key": "awaiting_review",
            "label": _("Monthly reports awaiting review"),
            "count": lambda: (
                ProgressReport.objects.managed_by(user)
                .filter(status=ReportStatus.SUBMITTED)
                .count()
            ),
            "url": changelist_url(ProgressReport, status__exact=ReportStatus.SUBMITTED),
        },
        {
            "key": "milestones_overdue",
            "label": _("Milestones overdue"),
            "count": lambda: milestone_stats(**figures)["overdue"],
            "url": changelist_url(Milestone, due=f"overdue-{as_of}"),
            "alarm": True,
        },
        {
            "key": "milestones_soon",
            "label": ngettext(
                "Milestones due within %(days)d day",
                "Milestones due within %(days)d days",
                DUE_SOON_DAYS,
            )
            % {"days": DUE_SOON_DAYS},
            "count": lambda: milestones.due_soon(today).count(),
            "url": changelist_url(Milestone, due="soon"),
        },
        {
            "key": "problems_overdue",
            "label": _("Problems past their due date"),
            "count": lambda: (
                problems.overdue(as_of).count()
                if has_role(user, Role.CADRE)
                else problem_stats(**figures)["overdue"]
            ),
            "url": changelist_url(Problem, overdue=as_of.isoformat()),
            "alarm": True,
        },
    ]
    shown = ROLE_CARDS.get(role_of(user))
    cards = [
        {**card, "count": card["count"]()}
        for card in cards
        if shown is None or card["key"] in shown
    ]
    return {
        "home": role_home(user),
        "scope": scope,
        "year": year,
        "progress": progress,
        # The template words "behind" itself: it shows the gap as a positive number.
        "points_behind": -progress["points_ahead"] if progress["points_ahead"] else None,
        "progress_url": changelist_url(Project, year=year),
        "cards": cards,
        "as_of": as_of,
        "period": period,
    }


class PortalAdminSite(TrackerAdminSite):
    """The admin site Django uses (config.apps.TrackerAdminConfig names it)."""

    def dashboard(self, request):
        return dashboard(request.user)
