"""Links from a figure to the rows it was computed from (DESIGN.md: every figure traceable).

A link is an API list URL with the filters that select exactly those rows; the viewer who
got the figure may read them, because figures and lists go through the same gate.
"""

from urllib.parse import urlencode

from django.urls import reverse

from core.roles import Role
from core.scoping import official_of, sees_everything


def api_list(route, **filters):
    """`/api/v1/<route>/?<filters>`, leaving out the filters that are None."""
    query = urlencode({name: value for name, value in filters.items() if value is not None})
    url = reverse(f"{route}-list")
    return f"{url}?{query}" if query else url


def reads_all(user, district=None):
    """Whether `user` may read every officials-only row of a figure (the ledger, visits,
    cadres) of `district` (None: the city): city administrators, and a district official
    for its own district. Links to such rows go only to them."""
    if sees_everything(user):
        return True
    official = official_of(user)
    return bool(
        official
        and district is not None
        and official.role != Role.CADRE
        and official.district_id == district.pk
    )
