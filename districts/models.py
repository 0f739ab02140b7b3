"""Reporting units (districts, zones, parks, the city) and the officials who work for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    DEVELOPMENT_ZONE = "development_zone", _("Development zone")
    DEMONSTRATION_ZONE = "demonstration_zone", _("Demonstration zone")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")


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

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    REPORTER = "reporter", _("District reporter")
    REVIEWER = "reviewer", _("District reviewer")
    CADRE = "cadre", _("Cadre")
    CITY_ADMIN = "city_admin", _("City administrator")


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
