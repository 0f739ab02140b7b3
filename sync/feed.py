"""The bulk feed (DESIGN.md "Sync"): every row of a resource the viewer may see, one JSON
object a line (NDJSON), and the OC4IDS package of the published projects: read through a
server-side cursor in chunks (`QuerySet.iterator(chunk_size=…)`, prefetches per chunk) and
written as they are read, so the serving process's memory stays flat whatever the size.

The rows are read inside a transaction of their own (one snapshot for the whole file, and a
named cursor on PostgreSQL that is never materialized WITH HOLD).
"""

from django.db import transaction
from django.utils import translation
from rest_framework.utils.encoders import JSONEncoder

from districts.models import District
from projects.models import Project
from projects.oc4ids import package_head, project_release, release_rows

from .resources import RESOURCES

CHUNK = 1000
# The feed's file names: /api/v1/feed/<name>.ndjson.
FEEDS = {
    "projects": "project",
    "districts": "district",
    "rounds": "round",
    "progress-reports": "progress-report",
    "problems": "problem",
}

_encoder = JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _batched(lines, size=None):
    """Lines joined in batches: fewer, larger writes to the socket."""
    size = size or CHUNK
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def ndjson(request, name):
    """The lines of feed `name` as the request's viewer sees them (a generator)."""
    resource = RESOURCES[FEEDS[name]]
    language = translation.get_language()

    def lines():
        with translation.override(language), transaction.atomic():
            for row in resource.rows(request, chunk_size=CHUNK):
                yield _encoder.encode(row) + "\n"

    return _batched(lines())


def oc4ids_package(request):
    """The OC4IDS package of every published project, as JSON text in pieces."""
    city = District.objects.city()
    head = package_head(publisher=city.name if city else "", uri=request.build_absolute_uri())
    language = translation.get_language()

    def pieces():
        yield _encoder.encode(head)[:-1] + ',"projects":['
        with translation.override(language), transaction.atomic():
            projects = release_rows(Project.objects.public().order_by("pk"))
            for n, project in enumerate(projects.iterator(chunk_size=CHUNK)):
                yield ("," if n else "") + _encoder.encode(project_release(project))
        yield "]}"

    return _batched(pieces(), size=100)
