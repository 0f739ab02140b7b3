"""What publishing costs on the bench data set: closing the newest month (version 1 of every
figure of every project, unit and the city), and a late report's revision (version 2), each
timed once, then the published figures read through the API's function. Everything is
rolled back at the end: the data set stays as generated (no reporting period on record).

Usage (the database the bench uses, in the environment):

    .venv/bin/python benchmarks/publish_month.py
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from core.models import ReportingPeriod  # noqa: E402
from core.period import resolve_period  # noqa: E402
from core.services import period_close  # noqa: E402
from projects.models import ProgressReport, PublishedProject  # noqa: E402
from projects.services import report_approve, report_submit, report_write_check  # noqa: E402
from stats.progress import district_progress  # noqa: E402


class Rollback(Exception):
    pass


def timed(label, action):
    started = time.perf_counter()
    result = action()
    print(f"{label}\t{(time.perf_counter() - started) * 1000:.0f} ms")
    return result


def main():
    users = get_user_model().objects
    admin, _ = users.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    second, _ = users.get_or_create(username="bench-admin-2", defaults={"is_superuser": True})
    last = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    try:
        with transaction.atomic():
            # A project of the year list whose month's report is missing when the month is
            # published (one is deleted if every project filed): the late report's project.
            project = (
                ProgressReport.objects.filter(year=last.year, month=last.month)
                .values_list("project", flat=True)
                .order_by("project")
                .first()
            )
            ProgressReport.objects.filter(
                project=project, year=last.year, month=last.month
            ).delete()
            period = ReportingPeriod.objects.create(year=last.year, month=last.month)
            timed(
                "close and publish the month (version 1)",
                lambda: period_close(period=period, user=admin),
            )
            print(f"published project rows\t{PublishedProject.objects.count()}")
            late = ProgressReport(
                project_id=project, year=last.year, month=last.month, completed_investment=100
            )
            late.created_by = late.edited_by = admin
            report_write_check(report=late, user=admin)
            late.save()
            report_submit(report=late, user=admin)
            timed(
                "approve a late report: revision (version 2)",
                lambda: report_approve(report=late, reviewer=second),
            )
            now = resolve_period()
            timed(
                "stats/districts of the published month (read)",
                lambda: district_progress(period=now),
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
