"""前期手续 and 要素保障 of a unit (or the city) for a period: the board of its approval items
(required, done, late as of the period's day) and its resource needs summed per factor
(needed, secured, gap), over the projects the viewer may see — the same reads as the
district page (projects.selectors)."""

from core.scoping import scope_of
from projects.models import Project
from projects.selectors import preliminary_board, resource_totals

from .links import api_list


def preparation_stats(*, period, district=None, user=None):
    projects = Project.objects.visible_to(user)
    if district is not None:
        projects = projects.filter(district=district)
    code = getattr(district, "code", None)
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "preliminary": preliminary_board(projects=projects, as_of=period.as_of),
        "resources": resource_totals(projects=projects),
        "links": {"projects": api_list("project", district=code)},
    }
