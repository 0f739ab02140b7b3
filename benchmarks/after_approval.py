"""Single-user latency of the first request of each page right after an approval.

Usage (the database and cache the application under test uses, in the environment):

    .venv/bin/python benchmarks/after_approval.py http://127.0.0.1:8000 /api/v1/stats/districts/ /

Before each request a submitted report is approved through the workflow service (as a
reviewer's click would), then the page is fetched once over HTTP; SAMPLES times per page,
which may land on any worker; prints `path<TAB>median ms`.
"""

import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from projects.models import ProgressReport  # noqa: E402
from projects.services import report_approve  # noqa: E402

SAMPLES = 5


def main():
    base, paths = sys.argv[1], sys.argv[2:]
    reviewer, _ = get_user_model().objects.get_or_create(
        username="bench-reviewer", defaults={"is_superuser": True, "is_staff": True}
    )
    for path in paths:
        times = []
        for _ in range(SAMPLES):
            report = ProgressReport.objects.filter(status="submitted").order_by("pk").first()
            report_approve(report=report, reviewer=reviewer)
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{path}\t{statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
