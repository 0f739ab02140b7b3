"""Provision an official from the command line (deployment scripts), idempotently.

    python manage.py create_official USERNAME --role reporter|reviewer|cadre|city_admin
        [--district CODE] [--password P] [--name NAME] [--unit UNIT]

Creates the user if needed, makes it staff, records its role and district (Official),
puts it in its role's group, and for a cadre links (or creates) its Cadre record. Running it
again with the same arguments changes nothing; with other arguments it updates the role.
A password must pass AUTH_PASSWORD_VALIDATORS, as in the admin.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import Role
from districts.models import District
from districts.services import assign_role
from enterprises.models import Cadre


class Command(BaseCommand):
    help = "Create or update an official: a staff user with a role, a district and its group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--district", help="District code (required except for city_admin).")
        parser.add_argument("--password", help="Set this password (otherwise left as it is).")
        parser.add_argument("--name", help="Full name (a cadre's name; defaults to the username).")
        parser.add_argument("--unit", help="A cadre's work unit (defaults to the district's name).")

    @transaction.atomic
    def handle(self, username, role, district=None, password=None, name=None, unit=None, **options):
        district_obj = None
        if district:
            district_obj = District.objects.filter(code=district).first()
            if district_obj is None:
                codes = ", ".join(District.objects.values_list("code", flat=True)) or "-"
                raise CommandError(f"No district with code {district!r}. Known codes: {codes}")
        if role in (Role.REPORTER, Role.REVIEWER, Role.CADRE) and district_obj is None:
            raise CommandError(f"A {role} needs --district CODE.")

        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError("Password refused: " + " ".join(exc.messages)) from exc
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        if name and not user.first_name:
            user.first_name = name
        user.is_staff = True
        user.save()
        try:
            official = assign_role(user=user, role=role, district=district_obj)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if role == Role.CADRE:
            self.link_cadre(user, district_obj, name or user.get_full_name() or username, unit)

        verb = "Created" if created else "Updated"
        where = f" in {district_obj.code}" if district_obj else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}: {official.role}{where}."))
        if created and not password:
            self.stdout.write("No password set: give one with --password to let it log in.")

    def link_cadre(self, user, district, name, unit):
        """The cadre record a cadre's login sees through; created if the user has none."""
        cadre = Cadre.objects.filter(user=user).first()
        if cadre is None:
            cadre = Cadre(user=user, name=name, unit=unit or district.name, district=district)
        elif cadre.district_id != district.pk:
            cadre.district = district
        else:
            return
        cadre.full_clean()
        cadre.save()
