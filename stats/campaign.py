"""The "万人助万企" campaign's figures: cadres deployed, enterprises covered, visits,
dispatch meetings and the matters they assigned, support by kind, approval items past
their promised limit — the counts the newspaper article quotes, from the records.

The figures are public statistics; the rows behind them (cadres' phones, visits, the
ledger) are officials' records, so links go only to a viewer who may read every row.
"""

import datetime

from django.db.models import Count, Sum

from core.admin.display import changelist_url
from core.cache import cached_figures
from core.formulas import money, percent
from enterprises.choices import SupportKind
from enterprises.models import (
    Cadre,
    Problem,
    Support,
    Visit,
    enterprises_covered,
    problem_done,
)
from projects.choices import MeetingKind
from projects.models import ApprovalItem, Meeting
from projects.querysets import approval_late

from .links import api_list, reads_all
from .published import published


@published("campaign")
@cached_figures
def campaign_stats(*, period, district=None, user=None):
    """The campaign in a year up to the period's day, for the city or one unit."""
    year = period.year
    first, last = datetime.date(year, 1, 1), period.as_of

    def scoped(queryset, path="district"):
        return queryset if district is None else queryset.filter(**{path: district})

    cadres = scoped(Cadre.objects.all()).aggregate(n=Count("pk"))["n"]
    covered = enterprises_covered(first, last, district).count()
    visits = scoped(Visit.objects.filter(visited_on__range=(first, last))).aggregate(
        visits=Count("pk"),
        enterprises=Count("enterprise", distinct=True),
        projects=Count("project", distinct=True),
    )
    meetings = scoped(
        Meeting.objects.filter(held_on__range=(first, last), kind=MeetingKind.DISPATCH)
    )
    matters = scoped(Problem.objects.filter(meeting__in=meetings)).aggregate(
        assigned=Count("pk"), solved=Count("pk", filter=problem_done(last))
    )
    support = scoped(
        Support.objects.filter(granted_on__range=(first, last)), "enterprise__district"
    )
    by_kind = {
        row["kind"]: row
        for row in support.values("kind").annotate(
            count=Count("pk"), amount=Sum("amount"), enterprises=Count("enterprise", distinct=True)
        )
    }
    approvals = scoped(
        ApprovalItem.objects.filter(approved_on__range=(first, last)), "project__district"
    ).aggregate(
        # Late as the items' own flag says (approved after their due date: the promised
        # working days after the application), so its admin list shows exactly these.
        approved=Count("pk"),
        late=Count("pk", filter=approval_late(last)),
    )
    code = getattr(district, "code", None)
    links = None
    if reads_all(user, district):
        links = {
            "cadres": api_list("cadre", district=code),
            "assignments": api_list("assignment", district=code),
            # Exactly the enterprises counted (not every assignment row).
            "enterprises_covered": api_list(
                "enterprise", assisted_by=code, assisted_from=first, assisted_to=last
            ),
            # As the figures count them: the year's rows up to the period's day.
            "visits": api_list("visit", year=year, district=code, visited_before=last),
            "dispatch_meetings": api_list(
                "meeting", year=year, district=code, kind="dispatch", held_before=last
            ),
            "matters": api_list("problem", year=year, district=code, source="dispatch", as_of=last),
            "matters_solved": api_list(
                "problem", year=year, district=code, source="dispatch", as_of=last, resolved="true"
            ),
            # Approval items have no API list: the officials' admin list, filtered to them.
            **approval_links(first, last, district),
        }
    return {
        **period.as_dict(),
        "cadres": cadres,
        "enterprises_covered": covered,
        "visits": visits["visits"],
        "visited": visits["enterprises"] + visits["projects"],
        "dispatch_meetings": meetings.count(),
        "matters_assigned": matters["assigned"],
        "matters_solved": matters["solved"],
        "matters_solved_rate": percent(matters["solved"], matters["assigned"]),
        "support": [
            {
                "kind": kind.value,
                "label": kind.label,
                "count": by_kind.get(kind.value, {}).get("count", 0),
                "enterprises": by_kind.get(kind.value, {}).get("enterprises", 0),
                "amount": money(by_kind.get(kind.value, {}).get("amount")),
                # The support rows of the count and amount, and the enterprises given it
                # (public, as the figures are).
                "links": {
                    "rows": api_list(
                        "support", district=code, kind=kind.value, year=year, as_of=last
                    ),
                    "enterprises": api_list(
                        "enterprise",
                        district=code,
                        supported=kind.value,
                        supported_from=first,
                        supported_to=last,
                    ),
                },
            }
            for kind in SupportKind
        ],
        "approvals_done": approvals["approved"],
        "approvals_late": approvals["late"],
        "links": links,
    }


def approval_links(first, last, district):
    """The admin lists of the approval items done from `first` to `last` (of `district`'s
    projects, or all) and of those of them late (the list's `late` filter, today: an item
    approved by `last` after its due date is late on either day)."""
    done = {"approved_on__gte": first, "approved_on__lte": last}
    if district is not None:
        done["project__district__id__exact"] = district.pk
    return {
        "approvals_done": changelist_url(ApprovalItem, **done),
        "approvals_late": changelist_url(ApprovalItem, **done, late="yes"),
    }
