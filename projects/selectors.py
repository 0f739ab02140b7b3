"""Reads of key projects for pages, the API and exports: visibility gate plus joins."""

from django.db.models import Avg

from districts.models import FUNCTIONAL_ZONE_KINDS, District

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


def zone_markers(projects):
    """Functional zones (not administrative areas, so without a boundary), each placed at
    the mean position of its projects among `projects` (the viewer's) that have one."""
    located = projects.filter(latitude__isnull=False, longitude__isnull=False)
    return District.objects.filter(
        kind__in=FUNCTIONAL_ZONE_KINDS, projects__in=located.values("pk")
    ).annotate(latitude=Avg("projects__latitude"), longitude=Avg("projects__longitude"))


def map_layers(projects, visible):
    """The layers of a project map: `projects` (annotated with their progress) that have
    coordinates, and the functional zones placed at the centre of the `visible` projects."""
    return {
        "results": projects.filter(latitude__isnull=False, longitude__isnull=False),
        "zones": zone_markers(visible),
    }
