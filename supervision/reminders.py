"""催报 and 督办: which reminders are due today, and to whom (`manage.py send_reminders`).

- Before a deadline: REMIND_DAYS_BEFORE_DEADLINE days before an open period's deadline, each
  reporter of a district with projects not handed in gets the list of those projects.
- After it (逾期未报): the district's reviewers get the list, the city administrators one
  summary of every district behind.
- Overdue problems: the assignee on the first day past the due date; the district's
  reviewers after ESCALATE_TO_REVIEWER_DAYS; the city administrators after
  ESCALATE_TO_CITY_DAYS (督办).
- Milestones and approval items past due: the district's reporters and reviewers.

Each reminder has a key naming what it is about (the period, the problem and its due date,
the milestone and its planned date …) and its recipient; `core.notify` records a key once,
so running this as often as wanted sends every reminder once. A new due date, say, is a new
reminder. The inbox has a reminder at once; its e-mail and chat messages are queued for the
task worker (`manage.py db_worker`), which sends them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.admin.display import changelist_url
from core.models import Delivery, ReportingPeriod
from core.notify import notify, queue_unsent
from core.period import Period
from core.roles import Role
from core.scoping import sees_everything
from districts.models import Official
from enterprises.models import Problem
from projects.filing import unfiled_projects
from projects.models import ApprovalItem, Milestone

# A reminder lists at most this many rows by name; the link leads to all of them.
LISTED = 20


@dataclass
class Reminder:
    key: str
    kind: str
    recipients: list
    title: str
    body: str
    url: str
    unit: str = ""

    def record(self, recipient, *, suffix=""):
        """The reminder in `recipient`'s inbox (core.notify), once per key: the reminder's,
        `suffix` and the recipient's; None when recorded before."""
        return notify(
            key=f"{self.key}{suffix}:{recipient.pk}",
            recipient=recipient,
            kind=self.kind,
            title=self.title[:200],
            body=self.body,
            url=self.url,
            unit=self.unit,
        )


class Recipients:
    """The active officials by role and district, read once per run."""

    def __init__(self):
        self.by_role = defaultdict(list)
        city = {}
        for official in Official.objects.filter(user__is_active=True).select_related("user"):
            self.by_role[official.role, official.district_id].append(official.user)
            if official.role == Role.CITY_ADMIN:
                city[official.user.pk] = official.user
        # Superusers see everything, as city administrators do (core.scoping).
        for user in get_user_model().objects.filter(is_active=True, is_superuser=True):
            city.setdefault(user.pk, user)
        self.city = list(city.values())

    def of(self, district_id, *roles):
        return [user for role in roles for user in self.by_role[role, district_id]]


def listing(names):
    """Names one per line, the first LISTED of them."""
    names = list(names)
    lines = [f"· {name}" for name in names[:LISTED]]
    if len(names) > LISTED:
        lines.append(_("… and %(count)d more") % {"count": len(names) - LISTED})
    return "\n".join(lines)


def filing_reminder(period, district, names, *, today, people):
    """One unit's reminder of the projects it has not handed in for an open `period`: 催报
    to its reporters before the deadline, 逾期未报 to its reviewers after it. The one rule of
    the scheduled command and the city administrator's 催报 button."""
    days_left = (period.deadline - today).days
    label = Period(period.year, period.month).label
    month = f"{period.year}-{period.month:02d}"
    facts = {
        "period": label,
        "district": district.name,
        "count": len(names),
        "deadline": period.deadline,
    }
    if days_left >= 0:  # 催报: the reporters, before the deadline
        kind, role = "filing_due", Role.REPORTER
        title = ngettext(
            "%(period)s: %(count)d project not filed yet, due %(deadline)s",
            "%(period)s: %(count)d projects not filed yet, due %(deadline)s",
            len(names),
        )
    else:  # 逾期未报: the reviewers, after it
        kind, role = "filing_overdue", Role.REVIEWER
        title = ngettext(
            "Overdue: %(district)s has %(count)d project not filed for %(period)s",
            "Overdue: %(district)s has %(count)d projects not filed for %(period)s",
            len(names),
        )
    query = urlencode({"district": district.code, "period": month, "status": "missing"})
    return Reminder(
        key=f"{kind}:{month}:{district.code}",
        kind=kind,
        recipients=people.of(district.pk, role),
        title=title % facts,
        body=listing(names),
        url=f"{reverse('admin:workbench')}?{query}",
        unit=district.name,
    )


def filing_reminders(today, people):
    ahead = settings.REMIND_DAYS_BEFORE_DEADLINE
    for period in ReportingPeriod.objects.open():
        days_left = (period.deadline - today).days
        if days_left > ahead:
            continue
        label = Period(period.year, period.month).label
        month = f"{period.year}-{period.month:02d}"
        by_district = defaultdict(list)
        for project in unfiled_projects(period.year, period.month).select_related("district"):
            by_district[project.district].append(project.name)
        for district, names in sorted(by_district.items(), key=lambda item: item[0].order):
            yield filing_reminder(period, district, names, today=today, people=people)
        if days_left < 0 and by_district:
            total = sum(len(names) for names in by_district.values())
            yield Reminder(
                key=f"filing_overdue:{month}:city",
                kind="filing_overdue",
                recipients=people.city,
                title=ngettext(
                    "Overdue: %(count)d project not filed for %(period)s",
                    "Overdue: %(count)d projects not filed for %(period)s",
                    total,
                )
                % {"count": total, "period": label},
                body=listing(
                    f"{district.name} {len(names)}"
                    for district, names in sorted(by_district.items(), key=lambda i: i[0].order)
                ),
                url=reverse("admin:index"),
            )


def problem_reminders(today, people):
    overdue = (
        Problem.objects.overdue(today)
        .select_related("district", "assignee__user")
        .order_by("due_date", "pk")
    )
    to_reviewer = settings.ESCALATE_TO_REVIEWER_DAYS
    to_city = settings.ESCALATE_TO_CITY_DAYS
    for problem in overdue:
        days = (today - problem.due_date).days
        facts = {
            "code": problem.tracking_code,
            "title": problem.title,
            "district": problem.district.name,
            "due": problem.due_date,
            "days": days,
        }
        body = _("%(district)s · due %(due)s · %(days)d days overdue on %(today)s") % {
            **facts,
            "today": today,
        }
        url = reverse("admin:enterprises_problem_change", args=[problem.pk])
        key = f"problem:{problem.pk}:{problem.due_date}"
        assignee = problem.assignee.user if problem.assignee else None
        if assignee is not None and assignee.is_active:
            yield Reminder(
                key=f"{key}:assignee",
                kind="problem_overdue",
                unit=problem.district.name,
                recipients=[assignee],
                title=_("Problem past its due date: %(title)s (%(code)s)") % facts,
                body=body,
                url=url,
            )
        if days >= to_reviewer:
            yield Reminder(
                key=f"{key}:reviewer",
                kind="problem_escalated",
                unit=problem.district.name,
                recipients=people.of(problem.district_id, Role.REVIEWER),
                title=_("Supervision: %(title)s (%(code)s) is past its due date %(due)s") % facts,
                body=body,
                url=url,
            )
        if days >= to_city:
            yield Reminder(
                key=f"{key}:city",
                kind="problem_escalated",
                unit=problem.district.name,
                recipients=people.city,
                title=_("Supervision: %(title)s (%(code)s) is past its due date %(due)s") % facts,
                body=body,
                url=url,
            )


def milestone_reminders(today, people):
    for milestone in (
        Milestone.objects.overdue(today).select_related("project__district").order_by("pk")
    ):
        facts = {
            "project": milestone.project.name,
            "milestone": milestone,
            "planned": milestone.planned_date,
        }
        yield Reminder(
            key=f"milestone:{milestone.pk}:{milestone.planned_date}",
            kind="milestone_overdue",
            unit=milestone.project.district.name,
            recipients=people.of(milestone.project.district_id, Role.REPORTER, Role.REVIEWER),
            title=_("Milestone past due: %(project)s · %(milestone)s (planned %(planned)s)")
            % facts,
            body=_("Record the actual date once it is reached, or the new plan."),
            url=changelist_url(Milestone, project__id__exact=milestone.project_id, due="overdue"),
        )


def approval_reminders(today, people):
    """前期手续 late today and not approved (querysets.approval_late): its due date is the
    promised limit in working days after the application (core.workdays)."""
    pending = (
        ApprovalItem.objects.late(today)
        .filter(approved_on__isnull=True)
        .select_related("project__district")
        .order_by("pk")
    )
    for item in pending:
        due = item.due_date
        facts = {"project": item.project.name, "item": item, "due": due}
        yield Reminder(
            key=f"approval:{item.pk}:{due}",
            kind="approval_overdue",
            unit=item.project.district.name,
            recipients=people.of(item.project.district_id, Role.REPORTER, Role.REVIEWER),
            title=_("Approval past its promised limit: %(project)s · %(item)s (due %(due)s)")
            % facts,
            body=_("Applied on %(applied)s; promised within %(days)d working days.")
            % {"applied": item.applied_on, "days": item.promised_days},
            url=reverse("admin:projects_approvalitem_change", args=[item.pk]),
        )


RULES = (filing_reminders, problem_reminders, milestone_reminders, approval_reminders)


def send_reminders(*, today=None):
    """Queue again the channel deliveries earlier runs left unsent (failures), then record
    every reminder due today that was not recorded before (its deliveries queued by
    `notify`). Returns the counts: {"recorded", "retried"}."""
    today = today or timezone.localdate()
    retried = queue_unsent()
    people = Recipients()
    recorded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for rule in RULES:
            for reminder in rule(today, people):
                for user in reminder.recipients:
                    recorded += reminder.record(user) is not None
    return {"recorded": recorded, "retried": retried}


def remind_unit(*, district, user, today=None):
    """催报 now, by the city administrator's button on its table: the unit's reminders of the
    projects not handed in for every open period, worded and addressed as the command's
    (`filing_reminder`), whatever the days left; recorded once a day per official: in the
    inbox at once, its e-mail and chat messages queued for the worker as the command's are.
    Returns {"officials", "projects", "new", "queued"} (queued: messages by those channels)."""
    if not sees_everything(user):
        raise PermissionDenied(_("Only a city administrator sends a reminder by hand."))
    today = today or timezone.localdate()
    people = Recipients()
    officials, projects, new = set(), 0, []
    with translation.override(settings.LANGUAGE_CODE):
        for period in ReportingPeriod.objects.open().order_by("year", "month"):
            names = list(
                unfiled_projects(period.year, period.month)
                .filter(district=district)
                .order_by("code")
                .values_list("name", flat=True)
            )
            if not names:
                continue
            projects += len(names)
            reminder = filing_reminder(period, district, names, today=today, people=people)
            for recipient in reminder.recipients:
                officials.add(recipient.pk)
                created = reminder.record(recipient, suffix=f":urged:{today}")
                if created is not None:
                    new.append(created)
    return {
        "officials": len(officials),
        "projects": projects,
        "new": len(new),
        "queued": Delivery.objects.filter(notification__in=new).count(),
    }
