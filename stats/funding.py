"""Funding (资金来源) secured and disbursed, by kind and pooled: the 支出比例."""

from django.db.models import Sum

from core.formulas import ZERO, money, percent
from projects.choices import FundingKind
from projects.models import Funding


def funding_stats(*, year, district=None):
    """Funding secured and disbursed in a year, by kind and pooled over all kinds."""
    funding = Funding.objects.filter(year=year)
    if district is not None:
        funding = funding.filter(project__district=district)
    sums = {"secured": Sum("secured"), "disbursed": Sum("disbursed")}
    by_kind = {row["kind"]: row for row in funding.values("kind").annotate(**sums)}
    total = funding.aggregate(**sums)
    kinds = []
    for kind in FundingKind:
        row = by_kind.get(kind.value, {"secured": ZERO, "disbursed": ZERO})
        kinds.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "secured": money(row["secured"]),
                "disbursed": money(row["disbursed"]),
                "disbursement_rate": percent(row["disbursed"], row["secured"]),
            }
        )
    return {
        "secured": money(total["secured"]),
        "disbursed": money(total["disbursed"]),
        "disbursement_rate": percent(total["disbursed"], total["secured"]),
        "by_kind": kinds,
    }
