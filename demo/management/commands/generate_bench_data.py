"""`manage.py generate_bench_data --projects N`: a large synthetic data set for benchmarks.

Everything it writes is recognisable and removable (`--clear`): codes start with `bench-`
(districts, industries, projects, rounds), problem tracking codes with `WQ-BENCH-`, and
every other row belongs to a bench district or project. Demo rows are never read for
writing nor touched. The set is deterministic for a given `--seed`, `--year` and size.

Rows written for N projects over K districts (K = `--districts`, at most N // 4, at least 1):

    districts            K                       industries           8
    cadres               max(N // 20, K)         enterprises          max(N // 2, K)
    projects             N                       annual plans         N + ceil(N / 2)
    monthly reports      12 N (year Y)           milestones           4 N
    funding              N + ceil(N / 2)         approval items       N // 2
    rounds               4 K                     round entries        ceil(N / 5)
    meetings             52 K (weekly)           problems             N
    visits               N                       assignments          enterprises + ceil(N / 10)
    support              N // 10

Reports of months 1–10 are approved, month 11 mostly, month 12 is a mix of every status.
No history rows are written (bulk inserts bypass django-simple-history). On PostgreSQL the
big tables are written with COPY, without their foreign keys and plain indexes (rebuilt in
one pass afterwards, and the tables ANALYZEd: core.bulk); elsewhere with bulk_create. The
writes are announced (core.tracking), so figures kept ahead and cached follow them.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.bulk import bulk_load
from core.tracking import rows_written
from demo.bench.generator import Generator
from demo.bench.storage import TABLES, bench_districts, bench_projects, clear
from projects.models import Project


class Command(BaseCommand):
    help = (
        "Generate a large synthetic data set (codes prefixed 'bench-') for benchmarks: "
        "N projects with monthly reports, plans, milestones and funding, plus enterprises, "
        "cadres, visits and problems in proportion."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000, help="number of projects (N)")
        parser.add_argument("--districts", type=int, default=12, help="bench districts (K)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed")
        parser.add_argument("--year", type=int, default=2024, help="year of the reports")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per INSERT")
        parser.add_argument(
            "--chunk", type=int, default=5000, help="projects generated per round trip"
        )
        parser.add_argument("--clear", action="store_true", help="remove previous bench rows first")

    def handle(self, *args, **options):
        n = options["projects"]
        if n < 0:
            raise CommandError("--projects must be 0 or more.")
        started = time.monotonic()
        with transaction.atomic():
            if options["clear"]:
                t = time.monotonic()
                deleted = clear()
                for model in TABLES:
                    rows_written(model, [])
                self.stdout.write(
                    f"Removed {deleted} previous bench rows in {time.monotonic() - t:.1f} s."
                )
            elif bench_districts().exists() or bench_projects().exists():
                raise CommandError("Bench data already exists; add --clear to replace it.")
            if n == 0:
                return
            generator = Generator(
                projects=n,
                districts=options["districts"],
                seed=options["seed"],
                year=options["year"],
                batch_size=options["batch_size"],
                chunk=options["chunk"],
                out=self.stdout.write,
            )
            with bulk_load(TABLES):
                generator.run()
            t = time.monotonic()
            for model in TABLES:
                rows_written(model, bench_projects() if model is Project else [])
            self.stdout.write(f"  figures kept ahead: {time.monotonic() - t:.1f} s")
        elapsed = time.monotonic() - started
        total = sum(generator.counts.values())
        for label, count in generator.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {total} bench rows for {n} projects in {elapsed:.1f} s "
                f"({total / max(elapsed, 1e-9):.0f} rows/s)."
            )
        )
