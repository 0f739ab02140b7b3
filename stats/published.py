"""Reading a published month (DESIGN.md "Published months"): a figure group of a period
that has a published version is read from that version, never computed again.

Each figure function of the stats package is wrapped by `published(group)`: for an open
(or never published) period it computes live; for a published one it returns what the
version stored for the viewer's scope — the whole record for those who see everything and
for a unit's officials reading their unit, the public record for everyone else.
"""

import copy
import functools
import re
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.models import PeriodVersion
from core.roles import Role
from core.scoping import official_of, sees_everything
from core.templatetags.figures import amount
from projects.choices import WarningLight

# What the figures a revision records are called where people read them.
FIGURE_LABELS = {
    "completed_investment": _("Completed investment"),
    "completion_rate": _("Completion rate"),
    "points_ahead": _("Points vs schedule"),
    "rank": _("Rank"),
    "warning": _("Warning light"),
    "red": _("Red lights"),
    "yellow": _("Yellow lights"),
    "green": _("Green lights"),
}
MONEY_FIGURES = {"completed_investment"}  # said by the money rule (figures.amount)
CITY = "city"


def described(change):
    """A recorded change as people read it: the figure by its name, a light by its colour,
    an amount by the money rule ("10.24 亿元")."""

    def shown(value):
        if value is None:
            return "—"
        if change["figure"] in MONEY_FIGURES:
            return amount(value)
        return str(WarningLight(value).label if change["figure"] == "warning" else value)

    return {
        **change,
        "figure_label": str(FIGURE_LABELS.get(change["figure"], change["figure"])),
        "old": shown(change["old"]),
        "new": shown(change["new"]),
    }


ALL, PUBLIC = "all", "public"
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _decimals(value):
    """JSON as stored (amounts and rates as strings) back to the Decimals figures are."""
    if isinstance(value, dict):
        return {key: _decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decimals(item) for item in value]
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return Decimal(value)
    return value


def stored_figures(version):
    """A version's figures, read once per process: a published version never changes."""
    # Keyed by the moment too: a primary key can come back after a rollback (SQLite).
    return _stored(version.pk, version.published_at)


@functools.lru_cache(maxsize=32)
def _stored(pk, published_at):
    return _decimals(PeriodVersion.objects.values_list("figures", flat=True).get(pk=pk))


def record_of(user, district=None):
    """Which stored record a viewer reads: everything where it sees all that is counted (the
    city's officials; a unit's officials for their unit: what they see of it live), else
    what the public sees."""
    if sees_everything(user):
        return ALL
    official = official_of(user)
    own = official is not None and official.role != Role.CADRE
    return ALL if own and district is not None and official.district_id == district.pk else PUBLIC


def published(group):
    """Wrap a figure function `f(*, period, district=None, user=None)` (or without
    `district`): a published period's figures come from its version. `f.live` computes."""

    def wrap(compute):
        @functools.wraps(compute)
        def read(*, period, user=None, **kwargs):
            if period.published is None:
                return compute(period=period, user=user, **kwargs)
            district = kwargs.get("district")
            entries = stored_figures(period.published)[record_of(user, district)][group]
            key = district.code if district else CITY
            if key not in entries:  # a unit created after the month was published
                raise Http404("This unit has no figures in the published month.")
            entry = copy.deepcopy(entries[key])
            # What the request asked for (a later month, limited) is the request's own.
            entry.update(period.as_dict())
            return entry

        read.live = compute
        read.group = group
        return read

    return wrap
