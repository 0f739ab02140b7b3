"""Write the published key projects as an OC4IDS 0.9 project package (JSON)."""

import json

from django.core.management.base import BaseCommand, CommandError

from districts.models import District
from projects.models import Project
from projects.oc4ids import project_package


class Command(BaseCommand):
    help = "Export published key projects as an OC4IDS 0.9 project package."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="only this district's projects (code)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--uri", default="urn:oc4ids:key-projects", help="package URI")
        parser.add_argument("--publisher", default="", help="publisher name")

    def handle(self, *args, district=None, output=None, uri, publisher, **options):
        projects = Project.objects.public().order_by("code")
        if district:
            found = District.objects.filter(code=district).first()
            if found is None:
                raise CommandError(f"Unknown district code: {district}")
            projects = projects.filter(district=found)
        city = District.objects.city()
        package = project_package(
            projects, publisher=publisher or (city.name if city else "-"), uri=uri
        )
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"{len(package['projects'])} projects written to {output}")
        else:
            self.stdout.write(text)
