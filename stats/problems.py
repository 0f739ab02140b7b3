"""The problem ledger (问题台账) figures: raised, accepted, resolved, rates, overdue.

The ledger's figures are public statistics over every problem; its rows are not (they
carry submitters' contacts), so the links to them go only to a viewer who may read every
row counted.
"""

from django.db.models import Count, Q

from core.cache import cached_figures
from core.formulas import percent
from core.scoping import scope_of
from enterprises.choices import ACCEPTED_STATUSES, SATISFIED_VALUES, ProblemOutcome
from enterprises.models import Problem, problem_done, problem_overdue, problem_reopened

from .links import api_list, reads_all
from .published import published


def problems_of(period):
    """The problems a period counts: raised in its year up to its day (core.period)."""
    return Problem.objects.raised_in(period.year, period.as_of)


def problem_figures(as_of):
    """Aggregate expressions over problems, shared by the per-district and total queries:
    resolved and overdue as they stood on `as_of`."""
    return {
        "raised": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=ACCEPTED_STATUSES)),
        "done": Count("pk", filter=problem_done(as_of)),
        "solved": Count("pk", filter=problem_done(as_of) & Q(outcome=ProblemOutcome.SOLVED)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction__in=SATISFIED_VALUES)),
        "overdue": Count("pk", filter=problem_overdue(as_of)),
        "reopened": Count("pk", filter=problem_reopened(as_of)),
    }


@published("problems")
@cached_figures
def problem_stats(*, period, district=None, user=None):
    """Problems collected in a year up to the period's day: raised, accepted, resolved,
    resolution and satisfaction, overdue on that day.

    `raised` counts every problem collected whatever its status; the resolution rate (办结率)
    is (resolved + closed) ÷ accepted (rejected excluded); the solved rate (解决率) is those
    resolved or closed as solved ÷ resolved + closed (partly solved, cannot be solved and
    unfounded are 办结 but not 解决); satisfaction is over rated problems, the enterprises'
    own ratings.
    """
    year = period.year
    problems = problems_of(period)
    if district is not None:
        problems = problems.filter(district=district)
    totals = problems.aggregate(**problem_figures(period.as_of))
    links = None
    if reads_all(user, district):
        rows = {"year": year, "district": getattr(district, "code", None), "as_of": period.as_of}
        links = {
            "raised": api_list("problem", **rows),
            "accepted": api_list("problem", **rows, accepted="true"),
            "resolved": api_list("problem", **rows, resolved="true"),
            "solved": api_list("problem", **rows, resolved="true", outcome="solved"),
            "overdue": api_list("problem", **rows, overdue="true"),
            "reopened": api_list("problem", **rows, reopened="true"),
        }
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "raised": totals["raised"],
        "accepted": totals["accepted"],
        "resolved": totals["done"],
        "resolution_rate": percent(totals["done"], totals["accepted"]),
        "solved": totals["solved"],
        "solved_rate": percent(totals["solved"], totals["done"]),
        "rated": totals["rated"],
        "satisfaction_rate": percent(totals["satisfied"], totals["rated"]),
        "overdue": totals["overdue"],
        "reopened": totals["reopened"],
        "links": links,
    }
