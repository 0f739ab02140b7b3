"""Funding (资金来源) secured and disbursed, by kind and pooled: the 支出比例."""

from django.db.models import Sum

from core.cache import cached_figures
from core.formulas import ZERO, money, percent
from core.scoping import scope_of
from projects.choices import FundingKind
from projects.models import Funding

from .links import api_list
from .published import published


@published("funding")
@cached_figures
def funding_stats(*, period, district=None, user=None):
    """Funding secured and disbursed in a year, by kind and pooled over all kinds, over the
    projects the viewer may see (published ones for the public)."""
    year = period.year
    funding = Funding.objects.visible_to(user).filter(year=year)
    if district is not None:
        funding = funding.filter(project__district=district)
    code = getattr(district, "code", None)
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
                "links": {
                    "funding": api_list("funding", year=year, district=code, kind=kind.value)
                },
            }
        )
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "secured": money(total["secured"]),
        "disbursed": money(total["disbursed"]),
        "disbursement_rate": percent(total["disbursed"], total["secured"]),
        "by_kind": kinds,
        "links": {"funding": api_list("funding", year=year, district=code)},
    }
