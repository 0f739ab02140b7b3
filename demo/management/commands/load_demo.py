"""`manage.py load_demo`: load the Puyang demo data set (idempotent)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from core.period import Period
from demo.loader import load
from districts.models import District
from stats.funding import funding_stats
from stats.problems import problem_stats
from stats.progress import district_progress


class Command(BaseCommand):
    help = (
        "Load the Puyang (濮阳) demo data: the city, the four units of the seed article with "
        "every project, enterprise and figure it gives, its five counties, plus labelled "
        "sample rows. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        sync = load()
        if connection.vendor == "postgresql":
            # Fresh tables have no planner statistics until autovacuum comes by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        created = sum(sync.created.values())
        updated = sum(sync.updated.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Puyang demo data loaded in {elapsed:.1f} s: {created} rows created, "
                f"{updated} updated."
            )
        )
        for label in sync.created:
            if sync.created[label] or sync.updated[label]:
                self.stdout.write(
                    f"  {label}: {sync.created[label]} created, {sync.updated[label]} updated"
                )
        self.summarise()

    def summarise(self):
        """The article's headline figures, computed by the formulas module."""
        units = {
            d.code: d
            for d in District.objects.filter(code__in=["jingkai", "shifanqu", "gongyeyuan"])
        }
        progress = district_progress(period=Period(2022, 12))
        hualong = next(r for r in progress["results"] if r["district"] == "hualong")
        self.stdout.write(
            f"  华龙区 2022: {hualong['project_count']} projects, completed "
            f"{hualong['completed_investment']} 万元, {hualong['completion_rate']} %, "
            f"{hualong['points_ahead']} points ahead of schedule"
        )
        year_2022 = Period(2022, 12)
        funding = funding_stats(period=year_2022, district=units["jingkai"])
        by_kind = {k["kind"]: k for k in funding["by_kind"]}
        self.stdout.write(
            f"  经开区 2022: central budget {by_kind['central_budget']['secured']} 万元, "
            f"special bonds {by_kind['special_bond']['secured']} 万元, "
            f"{funding['disbursement_rate']} % disbursed"
        )
        funding = funding_stats(period=year_2022, district=units["shifanqu"])
        problems = problem_stats(period=year_2022, district=units["shifanqu"])
        central = next(k for k in funding["by_kind"] if k["kind"] == "central_budget")
        self.stdout.write(
            f"  示范区 2022: central budget {central['secured']} 万元, satisfaction "
            f"{problems['satisfaction_rate']} %"
        )
        problems = problem_stats(period=year_2022, district=units["gongyeyuan"])
        self.stdout.write(
            f"  工业园区 2022: {problems['raised']} problems, {problems['resolution_rate']} % resolved"
        )
