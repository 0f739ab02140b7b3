"""The problem ledger (问题台账) figures: raised, accepted, resolved, rates, overdue.

The ledger's figures are public statistics over every problem; its rows are not (they
carry submitters' contacts), so the links to them go only to a viewer who may read every
row counted.
"""

from django.db.models import Count, Q
from django.utils import timezone

from core.cache import cached_figures
from core.formulas import percent
from core.scoping import scope_of
from districts.models import District
from enterprises.choices import ACCEPTED_STATUSES, DONE_STATUSES, SATISFIED_VALUES
from enterprises.models import Problem, problem_overdue

from .links import api_list, reads_all


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


@cached_figures(Problem, District)
def problem_stats(*, year, district=None, user=None, as_of=None):
    """Problems collected in a year: raised, accepted, resolved, resolution and satisfaction.

    `raised` counts every problem collected whatever its status; the resolution rate is
    (resolved + closed) ÷ accepted (rejected excluded); satisfaction is over rated problems.
    """
    problems = Problem.objects.filter(raised_on__year=year)
    if district is not None:
        problems = problems.filter(district=district)
    totals = problems.aggregate(**problem_figures(as_of))
    links = None
    if reads_all(user, district):
        code = getattr(district, "code", None)
        links = {
            "raised": api_list("problem", year=year, district=code),
            "accepted": api_list("problem", year=year, district=code, accepted="true"),
            "resolved": api_list("problem", year=year, district=code, resolved="true"),
            "overdue": api_list("problem", year=year, district=code, overdue="true"),
        }
    return {
        "year": year,
        "scope": scope_of(user),
        "raised": totals["raised"],
        "accepted": totals["accepted"],
        "resolved": totals["done"],
        "resolution_rate": percent(totals["done"], totals["accepted"]),
        "rated": totals["rated"],
        "satisfaction_rate": percent(totals["satisfied"], totals["rated"]),
        "overdue": totals["overdue"],
        "links": links,
    }
