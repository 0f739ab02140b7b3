"""Reporting units (districts, zones, parks, the city) and the officials who work for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.scoping import cadre_of, official_of, sees_everything
from core.tracking import TrackedQuerySet


class DistrictKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    DEVELOPMENT_ZONE = "development_zone", _("Development zone")
    DEMONSTRATION_ZONE = "demonstration_zone", _("Demonstration zone")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")


# Units that are not administrative areas (no boundary on a map): 经开区, 示范区, 工业园区.
FUNCTIONAL_ZONE_KINDS = [
    DistrictKind.DEVELOPMENT_ZONE,
    DistrictKind.DEMONSTRATION_ZONE,
    DistrictKind.INDUSTRIAL_PARK,
]


class DistrictQuerySet(TrackedQuerySet):
    """Units are public reference data: everyone sees all of them; a user *files* rows only
    under some (the city for a city admin, its own for a district official, and for a cadre
    its own plus those of its assigned enterprises and projects)."""

    def city(self):
        """The city itself (the unit above the others), or None on an empty site."""
        return self.filter(kind=DistrictKind.CITY).order_by("order").first()

    def units(self):
        """The units that report and are ranked: every one but the city."""
        return self.exclude(kind=DistrictKind.CITY)

    def choosable_by(self, user):
        if sees_everything(user):
            return self.all()
        official = official_of(user)
        if official is None:
            return self.none()
        if official.role != Role.CADRE:
            return self.filter(pk=official.district_id)
        cadre = cadre_of(user)
        if cadre is None:
            return self.none()
        assigned = cadre.assignments.all()
        return self.filter(
            models.Q(pk=cadre.district_id)
            | models.Q(pk__in=assigned.values("enterprise__district"))
            | models.Q(pk__in=assigned.values("project__district"))
        )


class District(models.Model):
    """A unit that reports key projects: a district, county, zone, park, or the city itself."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Official(models.Model):
    """The role and district of a user who logs in to the admin or the API.

    A user without an Official record (and not a superuser) sees only public data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="official",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["city_admin", "cadre"])
                | models.Q(district__isnull=False),
                name="official_district_required",
                violation_error_message=_("District officials must belong to a district."),
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
