"""Who sees which rows of the project records (the scoping gate's rules per model), and the
named filters the figures share (a milestone overdue or due soon)."""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q

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


def milestone_overdue(as_of):
    """关键节点 overdue: the planned date has passed and there is no actual date."""
    return Q(actual_date__isnull=True, planned_date__lt=as_of)


def milestone_due_within(as_of, days):
    return Q(
        actual_date__isnull=True,
        planned_date__gte=as_of,
        planned_date__lte=as_of + datetime.timedelta(days=days),
    )


class MilestoneQuerySet(ProjectPartQuerySet):
    def overdue(self, as_of):
        return self.filter(milestone_overdue(as_of))

    def due_within(self, as_of, days):
        return self.filter(milestone_due_within(as_of, days))

    def with_overdue(self, as_of):
        """Each row flagged `overdue` in SQL, by the same definition."""
        return self.annotate(
            overdue=ExpressionWrapper(milestone_overdue(as_of), output_field=BooleanField())
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
