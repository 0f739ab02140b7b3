"""The officials' pages on the bench data set: time and size of each, against the budget of
issue 22 (≤ 500 ms and ≤ 500 KB at 100,000 projects).

A reporter and a reviewer of the unit with the most projects (8,334 of 100,000 with the
generator's 12 units) and a city administrator are created, the administrator's inbox filled
with 3,000 reminders over every kind and unit, and each page requested in-process (Django's
test client: the whole request through the middleware, no network) once to warm up, then
`--runs` times. Everything is rolled back at the end: the data set stays as generated.

Usage (the database the bench uses, in the environment):

    .venv/bin/python benchmarks/officials_pages.py [--runs 5]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.models import Notification  # noqa: E402
from core.notify import KINDS  # noqa: E402
from core.roles import Role  # noqa: E402
from districts.models import District  # noqa: E402
from districts.services import assign_role  # noqa: E402
from projects.models import Project  # noqa: E402

BUDGET_MS = 500
BUDGET_KB = 500
REMINDERS = 3000


class Rollback(Exception):
    pass


def official(username, role, district=None):
    user = get_user_model().objects.create_user(username=username, is_staff=True)
    assign_role(user=user, role=role, district=district)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def pages():
    """(label, client, url) of every officials' page, as each role opens it."""
    largest = (
        Project.objects.values("district")
        .annotate(n=Count("pk"))
        .order_by("-n", "district")
        .first()
    )
    unit = District.objects.get(pk=largest["district"])
    print(f"unit: {unit.code} with {largest['n']:,} projects")
    reporter = official("bench-officials-reporter", Role.REPORTER, unit)
    reviewer = official("bench-officials-reviewer", Role.REVIEWER, unit)
    city = official("bench-officials-city", Role.CITY_ADMIN)
    city_user = get_user_model().objects.get(username="bench-officials-city")
    units = list(District.objects.units().values_list("name", flat=True)) or [""]
    kinds = list(KINDS)
    Notification.objects.bulk_create(
        Notification(
            key=f"bench-officials:{number}",
            recipient=city_user,
            kind=kinds[number % len(kinds)],
            unit=units[number % len(units)],
            title=f"Bench reminder {number}",
            body="…",
            url="/admin/",
        )
        for number in range(REMINDERS)
    )
    fragment = Project.objects.filter(district=unit).order_by("code").values_list("name", flat=True)
    fragment = (fragment.first() or "")[:4]
    return [
        ("admin home (city administrator)", city, "/admin/"),
        ("admin home (reporter)", reporter, "/admin/"),
        ("admin home (reviewer)", reviewer, "/admin/"),
        ("workbench (reporter, first page)", reporter, "/admin/workbench/"),
        ("workbench, chip 未报", reporter, "/admin/workbench/?status=missing"),
        ("workbench, search", reporter, f"/admin/workbench/?search={fragment}"),
        ("workbench, page 200", reporter, "/admin/workbench/?page=200"),
        ("workbench (city administrator)", city, f"/admin/workbench/?district={unit.code}"),
        ("review queue (reviewer)", reviewer, "/admin/review/"),
        (f"inbox ({REMINDERS:,} reminders)", city, "/admin/inbox/"),
        ("inbox, one kind and unit", city, f"/admin/inbox/?kind=filing_due&unit={units[0]}"),
        ("progress-report list", city, "/admin/projects/progressreport/"),
        ("project list", city, "/admin/projects/project/"),
        ("problem list", city, "/admin/enterprises/problem/"),
        ("progress-report list (reporter)", reporter, "/admin/projects/progressreport/"),
    ]


def measure(client, url, runs):
    client.get(url)  # warm: templates compiled, caches filled as in use
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return response, timings, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"officials' pages: {Project.objects.count():,} projects; median of {args.runs} runs")
    print(
        f"{'page':38} {'status':>6} {'median ms':>10} {'max ms':>8} {'KB':>7} {'queries':>8}"
        f"  budget ({BUDGET_MS} ms, {BUDGET_KB} KB)"
    )
    over = 0
    try:
        with transaction.atomic():
            for label, client, url in pages():
                response, timings, queries = measure(client, url, args.runs)
                median, size = statistics.median(timings), len(response.content) / 1024
                ok = response.status_code == 200 and median <= BUDGET_MS and size <= BUDGET_KB
                over += not ok
                print(
                    f"{label[:38]:38} {response.status_code:>6} {median:>10.0f}"
                    f" {max(timings):>8.0f} {size:>7.0f} {queries:>8}  {'ok' if ok else 'OVER'}"
                )
            raise Rollback
    except Rollback:
        pass
    print(f"officials' pages over the budget: {over}")


if __name__ == "__main__":
    main()
