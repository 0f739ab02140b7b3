"""Reads of key projects for pages, the API and exports: visibility gate plus joins."""

from .models import Project
from .progress import annotate_progress


def project_list(*, user, period=None):
    """Projects the user may see, with the joins a list shows (no query per row).

    With a `period` (core.period), each row carries its plan, completion and light.
    """
    projects = Project.objects.visible_to(user).select_related("district", "industry", "owner")
    if period is not None:
        projects = annotate_progress(projects, year=period.year, month=period.month)
    return projects
