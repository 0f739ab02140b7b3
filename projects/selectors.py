"""Reads of key projects for pages, the API and exports: visibility gate plus joins."""

from .models import Project
from .progress import annotate_progress, latest_month


def project_list(*, user, year=None, month=None):
    """Projects the user may see, with the joins a list shows (no query per row).

    With `year`, each row carries plan_investment, completed_investment and warning.
    """
    projects = Project.objects.visible_to(user).select_related("district", "industry", "owner")
    if year is not None:
        projects = annotate_progress(
            projects, year=year, month=month if month is not None else latest_month(year)
        )
    return projects
