"""Who sees which rows of the project records (the scoping gate's rules per model), and the
named filters the figures share (a milestone overdue, late or due soon)."""

import datetime

from django.db.models import BooleanField, Count, DecimalField, ExpressionWrapper, F, Q

from core.formulas import months_before
from core.scoping import EVERYTHING, ScopedQuerySet

from .choices import ReportStatus


class ProjectQuerySet(ScopedQuerySet):
    def public_q(self):
        return Q(is_published=True)

    def cadre_q(self, cadre):
        return Q(pk__in=cadre.assignments.values("project"))


class ProjectPartQuerySet(ScopedQuerySet):
    """Rows that belong to one project: visible wherever their project is."""

    district_lookup = "project__district"

    def public_q(self):
        return Q(project__is_published=True)

    def cadre_q(self, cadre):
        return Q(project__in=cadre.assignments.values("project"))


class ProgressReportQuerySet(ProjectPartQuerySet):
    def public_q(self):
        return super().public_q() & Q(status=ReportStatus.APPROVED)

    def approved(self):
        return self.filter(status=ReportStatus.APPROVED)

    def up_to(self, period):
        """Reports of months up to a period (core.period): later ones are not "now" yet."""
        if period.month is None:
            return self.filter(year__lt=period.year)
        return self.filter(Q(year__lt=period.year) | Q(year=period.year, month__lte=period.month))


class PhotoQuerySet(ProjectPartQuerySet):
    def public_q(self):
        """A photo of an unapproved report stays private with its report."""
        return super().public_q() & (Q(report=None) | Q(report__status=ReportStatus.APPROVED))


# "Due soon": a milestone not reached whose planned date is at most this many days away.
DUE_SOON_DAYS = 30
# A milestone this many months overdue turns its project's warning light red (DESIGN.md 预警).
LATE_MILESTONE_MONTHS = 3


def milestone_reached(as_of):
    """Reached by `as_of` (the day a period's figures stand at, or today)."""
    return Q(actual_date__lte=as_of)


def milestone_overdue(as_of, planned_before=None):
    """关键节点 overdue on `as_of`: planned before that day (or `planned_before`) and not
    reached by it."""
    return Q(planned_date__lt=planned_before or as_of) & ~milestone_reached(as_of)


def late_cutoff(as_of):
    """A milestone planned before this day and not reached is late on `as_of`."""
    return months_before(as_of, LATE_MILESTONE_MONTHS)


def milestone_late(as_of):
    """Overdue by more than LATE_MILESTONE_MONTHS months on `as_of` (a red warning light)."""
    return milestone_overdue(as_of, planned_before=late_cutoff(as_of))


def milestone_due_soon(as_of):
    """Not reached and planned within DUE_SOON_DAYS days of `as_of` (today included)."""
    soon = as_of + datetime.timedelta(days=DUE_SOON_DAYS)
    return Q(actual_date__isnull=True, planned_date__range=(as_of, soon))


class MilestoneQuerySet(ProjectPartQuerySet):
    def overdue(self, as_of):
        return self.filter(milestone_overdue(as_of))

    def due_soon(self, as_of):
        return self.filter(milestone_due_soon(as_of))

    def with_due_state(self, as_of):
        """Each row flagged `overdue` and `due_soon` in SQL, by the same definitions."""
        return self.annotate(
            overdue=ExpressionWrapper(milestone_overdue(as_of), output_field=BooleanField()),
            due_soon=ExpressionWrapper(milestone_due_soon(as_of), output_field=BooleanField()),
        )


class RoundQuerySet(ScopedQuerySet):
    def public_q(self):
        return EVERYTHING

    def district_q(self, district):
        return Q(district=district) | Q(district__isnull=True)

    def cadre_q(self, cadre):
        return EVERYTHING


class MeetingQuerySet(ScopedQuerySet):
    def cadre_q(self, cadre):
        return Q(pk__in=cadre.assigned_problems.values("meeting"))


def approval_late(as_of):
    """前期手续 late on `as_of`: its due date (the promised limit after the application) has
    passed by then, and it was not approved by its due date (approved after it, or not yet).
    An item applied 2023-01-02 with 10 promised working days is due 2023-01-16; approved
    2023-02-20, it is late. Without a due date (not applied for) it is not: false, not null."""
    return Q(due_date__isnull=False, due_date__lt=as_of) & (
        Q(approved_on__isnull=True) | Q(approved_on__gt=F("due_date"))
    )


class ApprovalItemQuerySet(ProjectPartQuerySet):
    def late(self, as_of):
        return self.filter(approval_late(as_of))

    def with_late(self, as_of):
        """Each row flagged `late` on `as_of`, in SQL, by the one definition."""
        return self.annotate(
            late=ExpressionWrapper(approval_late(as_of), output_field=BooleanField())
        )

    def board(self, as_of):
        """The 前期手续 board of the rows: `required` items, those of them `done` (approved
        by `as_of`), and items `late` on `as_of` — one aggregate query."""
        counts = self.aggregate(
            required_items=Count("pk", filter=Q(required=True)),
            done_items=Count("pk", filter=Q(required=True, approved_on__lte=as_of)),
            late_items=Count("pk", filter=approval_late(as_of)),
        )
        return {name: counts[f"{name}_items"] for name in ("required", "done", "late")}


class ResourceNeedQuerySet(ProjectPartQuerySet):
    def with_gap(self):
        """`gap`: what is needed and not yet secured, computed by the database."""
        return self.annotate(
            gap=ExpressionWrapper(
                F("needed") - F("secured"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
