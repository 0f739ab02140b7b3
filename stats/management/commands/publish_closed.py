"""`manage.py publish_closed`: publish the closed months that have no published version yet
(months closed before publishing existed), oldest first. Safe to run again: a published
month is left as it is."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from core.models import PeriodVersion, ReportingPeriod
from core.roles import acting_user
from stats.publish import period_publish


class Command(BaseCommand):
    help = "Publish (version 1) every closed reporting period not published yet, oldest first."

    def handle(self, *args, **options):
        unpublished = (
            ReportingPeriod.objects.closed()
            .exclude(Exists(PeriodVersion.objects.filter(period=OuterRef("pk"))))
            .order_by("year", "month")
        )
        publisher = acting_user("publish_closed")
        for period in unpublished:
            version = period_publish(period=period, user=publisher)
            self.stdout.write(f"{period}: version {version.number} published")
