""" "三个一批" figures: per round and list, projects listed, their investment, and how many
have reached the list's stage; and the cumulative count over rounds (累计实施重大项目 N 个)."""

from django.db.models import Count, Q, Sum

from core.filters import choice_order
from core.formulas import money

from .choices import PRODUCING_STAGES, STARTED_STAGES, RoundList, Stage
from .models import Project, Round

# A project on a list has got there once its stage is at least the list's.
REACHED = {
    RoundList.SIGNED: [Stage.SIGNED, *STARTED_STAGES],
    RoundList.STARTED: STARTED_STAGES,
    RoundList.IN_PRODUCTION: PRODUCING_STAGES,
}
# Rounds in the order they were held; a round's lists in the campaign's order.
ROUND_ORDER = ("held_on", "number", "code")
LIST_ORDER = choice_order("round_list", RoundList)


def listed_entries(entries):
    """`entries` as the rounds page lists them, a page at a time: by round, list, project."""
    return entries.select_related("round", "project__district").order_by(
        *(f"round__{key}" for key in ROUND_ORDER), LIST_ORDER, "project__code"
    )


def round_progress(entries):
    """Figures over `entries` (RoundEntry rows the viewer may see, filtered by
    RoundEntryFilterSet): each round, in the order held, with its three lists
    (`count`, `investment` = their total investment in 万元, `reached`), and `total`: the
    rounds, and the distinct projects over all their lists with their total investment."""
    reached = Q()
    for list_, stages in REACHED.items():
        reached |= Q(round_list=list_, project__stage__in=stages)
    per_list = {
        (row["round"], row["round_list"]): row
        for row in entries.values("round", "round_list").annotate(
            count=Count("pk"),
            investment=Sum("project__total_investment"),
            reached=Count("pk", filter=reached),
        )
    }
    rounds = (
        Round.objects.filter(pk__in=entries.values("round"))
        .select_related("district")
        .order_by(*ROUND_ORDER)
    )
    results = []
    for round_ in rounds:
        lists = []
        for list_, label in RoundList.choices:
            row = per_list.get((round_.pk, list_), {"count": 0, "investment": None, "reached": 0})
            lists.append(
                {
                    "list": list_,
                    "label": label,
                    "count": row["count"],
                    "investment": money(row["investment"]),
                    "reached": row["reached"],
                }
            )
        results.append({"round": round_, "lists": lists})
    projects = Project.objects.filter(pk__in=entries.values("project")).aggregate(
        count=Count("pk"), investment=Sum("total_investment")
    )
    total = {
        "rounds": len(results),
        "projects": projects["count"],
        "investment": money(projects["investment"]),
    }
    return {"results": results, "total": total}
