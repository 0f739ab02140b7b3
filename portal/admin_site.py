"""The officials' admin site, whose home page carries a dashboard of figures across apps."""

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
from projects.models import DUE_SOON_DAYS, Milestone, ProgressReport, Project
from stats.progress import district_progress


def dashboard(user):
    """What needs attention in the user's district (or the city), each with its list link.

    Counts go through the scoping gate and the models' own definitions of "overdue"; the
    completion rate and schedule come from stats.progress.
    """
    today = timezone.localdate()
    official = official_of(user)
    period = resolve_period()
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
    cards = [
        {
            "label": _("Monthly reports awaiting review"),
            "count": ProgressReport.objects.managed_by(user)
            .filter(status=ReportStatus.SUBMITTED)
            .count(),
            "url": changelist_url(ProgressReport, status__exact=ReportStatus.SUBMITTED),
        },
        {
            "label": _("Milestones overdue"),
            "count": milestones.overdue(today).count(),
            "url": changelist_url(Milestone, due="overdue"),
            "alarm": True,
        },
        {
            "label": ngettext(
                "Milestones due within %(days)d day",
                "Milestones due within %(days)d days",
                DUE_SOON_DAYS,
            )
            % {"days": DUE_SOON_DAYS},
            "count": milestones.due_soon(today).count(),
            "url": changelist_url(Milestone, due="soon"),
        },
        {
            "label": _("Problems past their due date"),
            "count": Problem.objects.managed_by(user).overdue(today).count(),
            "url": changelist_url(Problem, overdue="yes"),
            "alarm": True,
        },
    ]
    return {
        "scope": scope,
        "year": year,
        "progress": progress,
        # The template words "behind" itself: it shows the gap as a positive number.
        "points_behind": -progress["points_ahead"] if progress["points_ahead"] else None,
        "progress_url": changelist_url(Project, year=year),
        "cards": cards,
        "as_of": today,
    }


class PortalAdminSite(TrackerAdminSite):
    """The admin site Django uses (config.apps.TrackerAdminConfig names it)."""

    def dashboard(self, request):
        return dashboard(request.user)
