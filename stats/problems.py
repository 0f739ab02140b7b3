"""The problem ledger (问题台账) figures: raised, accepted, resolved, rates, overdue."""

from django.db.models import Count, Q
from django.utils import timezone

from core.formulas import percent
from enterprises.choices import ACCEPTED_STATUSES, DONE_STATUSES, SATISFIED_VALUES
from enterprises.models import Problem, problem_overdue


def problem_figures(as_of=None):
    """Aggregate expressions over problems, shared by the per-district and total queries."""
    as_of = as_of or timezone.localdate()
    return {
        "raised": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=ACCEPTED_STATUSES)),
        "done": Count("pk", filter=Q(status__in=DONE_STATUSES)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction__in=SATISFIED_VALUES)),
        "overdue": Count("pk", filter=problem_overdue(as_of)),
    }


def problem_stats(*, year, district=None, as_of=None):
    """Problems collected in a year: raised, accepted, resolved, resolution and satisfaction.

    `raised` counts every problem collected whatever its status; the resolution rate is
    (resolved + closed) ÷ accepted (rejected excluded); satisfaction is over rated problems.
    """
    problems = Problem.objects.filter(raised_on__year=year)
    if district is not None:
        problems = problems.filter(district=district)
    totals = problems.aggregate(**problem_figures(as_of))
    return {
        "raised": totals["raised"],
        "accepted": totals["accepted"],
        "resolved": totals["done"],
        "resolution_rate": percent(totals["done"], totals["accepted"]),
        "rated": totals["rated"],
        "satisfaction_rate": percent(totals["satisfied"], totals["rated"]),
        "overdue": totals["overdue"],
    }
