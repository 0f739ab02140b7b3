"""Time the busiest pages and API calls against whatever database DATABASE_URL names.

Usage (after `manage.py generate_bench_data --projects N`):

    SECRET_KEY=x DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_requests.py --runs 5

Prints, per URL, the median and worst wall time over the runs and the SQL query count of
one request: a figure that grows with the data set shows a missing index or a query per row.
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from projects.models import Project  # noqa: E402

URLS = [
    "/api/v1/projects/?page_size=100",
    "/api/v1/projects/?page_size=100&ordering=-total_investment",
    "/api/v1/projects/?search=%E6%B0%A2&page_size=100",
    "/api/v1/stats/districts/?year={year}",
    "/api/v1/stats/problems/?year={year}",
    "/api/v1/stats/funding/?year={year}",
    "/",
    "/projects/",
    "/projects/?ordering=-total_investment",
    "/rankings/?year={year}",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without a collectstatic run (the manifest storage would need one).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    engine = connection.vendor
    print(f"database: {engine}; projects: {Project.objects.count():,}; runs: {args.runs}")
    print(f"{'url':62} {'status':>6} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for template in URLS:
        url = template.format(year=args.year)
        timings = []
        for _run in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{url[:62]:62} {response.status_code:>6} {statistics.median(timings):>10.1f}"
            f" {max(timings):>8.1f} {len(queries):>8}"
        )


if __name__ == "__main__":
    main()
