"""FilterSets of the "万人助万企" campaign: one per model, shared by the API and the pages."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BooleanChoiceFilter,
    FlagFilter,
    SearchFilter,
    YearFilter,
    code_filter,
    date_range,
    ordering_filter,
    visible_code_filter,
)
from districts.models import District
from projects.choices import MeetingKind
from projects.models import Industry, Meeting, Project

from .choices import (
    ACCEPTED_STATUSES,
    OPEN_STATUSES,
    AssignmentRole,
    EnterpriseKind,
    ProblemCategory,
    ProblemOutcome,
    ProblemSource,
    ProblemStatus,
    SupportKind,
    VisitMode,
)
from .models import (
    Assignment,
    Cadre,
    Enterprise,
    EnterpriseLabel,
    Problem,
    Support,
    Visit,
    enterprises_covered,
    enterprises_supported,
    problem_done,
    problem_reopened,
)


def _kept(queryset, name, value):
    """A filter applied with others in `filter_queryset` (it names no field alone)."""
    return queryset


def _kept_code(queryset, name, value: str):
    """`_kept`, for a code (a string in the schema)."""
    return queryset


class EnterpriseFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    assisted_by = code_filter(
        District.objects.all(),
        _("Covered by the cadres of this district (code)"),
        method=_kept_code,
    )
    assisted_from = django_filters.DateFilter(
        method=_kept, label=_("Covered (a cadre assigned) on or after")
    )
    assisted_to = django_filters.DateFilter(
        method=_kept, label=_("Covered (a cadre assigned) on or before")
    )
    supported = django_filters.ChoiceFilter(
        choices=SupportKind.choices, method=_kept_code, label=_("Given support of this kind")
    )
    supported_from = django_filters.DateFilter(method=_kept, label=_("Given support on or after"))
    supported_to = django_filters.DateFilter(method=_kept, label=_("Given support on or before"))
    industry = code_filter(Industry.objects.all(), _("Industry"))
    kind = django_filters.ChoiceFilter(choices=EnterpriseKind.choices, label=_("Kind"))
    above_scale = BooleanChoiceFilter(field_name="is_above_scale", label=_("Above designated size"))
    label = code_filter(EnterpriseLabel.objects.all(), _("Label"), field_name="labels")
    search = SearchFilter(fields=["name", "credit_code"])
    ordering = ordering_filter("name", "credit_code", ("district__code", "district"))

    class Meta:
        model = Enterprise
        fields = []

    def filter_queryset(self, queryset):
        """`assisted_*`: the enterprises the campaign's "enterprises covered" counts
        (enterprises.models.enterprises_covered), exactly; `supported*`: those its support
        figures count per kind (enterprises.models.enterprises_supported)."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        supported = [data.get(name) for name in ("supported", "supported_from", "supported_to")]
        if any(supported):
            kind, first, last = supported
            given = enterprises_supported(
                first or datetime.date.min, last or datetime.date.max, kind
            )
            queryset = queryset.filter(pk__in=given.values("pk"))
        given = [data.get(name) for name in ("assisted_by", "assisted_from", "assisted_to")]
        if not any(given):
            return queryset
        district, first, last = given
        covered = enterprises_covered(
            first or datetime.date.min, last or datetime.date.max, district
        )
        return queryset.filter(pk__in=covered.values("pk"))


class CadreFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    search = SearchFilter(fields=["name", "unit", "post"])
    ordering = ordering_filter("name", "unit", ("district__code", "district"))

    class Meta:
        model = Cadre
        fields = []


class CampaignRecordFilterSet(django_filters.FilterSet):
    """What assignments, visits and problems share: the cadre, the enterprise, the project."""

    enterprise = visible_code_filter(
        Enterprise, _("Enterprise (credit code)"), to_field_name="credit_code"
    )
    project = visible_code_filter(Project, _("Project"))

    class Meta:
        fields = []


class AssignmentFilterSet(CampaignRecordFilterSet):
    cadre = visible_code_filter(Cadre, _("Cadre (id)"), to_field_name=None)
    district = code_filter(District.objects.all(), _("District"), field_name="cadre__district")
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices, label=_("Role"))
    active = FlagFilter(
        rows=lambda: Assignment.objects.active(timezone.localdate()), label=_("Active today")
    )
    ordering = ordering_filter("start", "end", ("cadre__name", "cadre"))

    class Meta(CampaignRecordFilterSet.Meta):
        model = Assignment


class VisitFilterSet(CampaignRecordFilterSet):
    cadre = visible_code_filter(Cadre, _("Cadre (id)"), to_field_name=None)
    district = code_filter(District.objects.all(), _("District"))
    mode = django_filters.ChoiceFilter(choices=VisitMode.choices, label=_("Mode"))
    year = YearFilter(field_name="visited_on__year", label=_("Year"))
    visited_after, visited_before = date_range(
        "visited_on", _("Visited on or after"), _("Visited on or before")
    )
    search = SearchFilter(fields=["summary", "enterprise__name", "project__name", "cadre__name"])
    ordering = ordering_filter("visited_on", ("cadre__name", "cadre"))

    class Meta(CampaignRecordFilterSet.Meta):
        model = Visit


class ProblemFilterSet(CampaignRecordFilterSet):
    """Problems; `as_of` lists them as a period's figures count them (core.period)."""

    @property
    def judged_on(self):
        day = self.form.cleaned_data.get("as_of") if self.is_bound else None
        return day or timezone.localdate()

    def raised_by(self, queryset, name, value):
        return queryset.filter(raised_on__lte=value)

    district = code_filter(District.objects.all(), _("District"))
    category = django_filters.ChoiceFilter(choices=ProblemCategory.choices, label=_("Category"))
    source = django_filters.ChoiceFilter(choices=ProblemSource.choices, label=_("Source"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    outcome = django_filters.ChoiceFilter(choices=ProblemOutcome.choices, label=_("Outcome"))
    assignee = visible_code_filter(Cadre, _("Assignee (cadre id)"), to_field_name=None)
    overdue = FlagFilter(
        rows=lambda as_of: Problem.objects.overdue(as_of),
        dated=True,
        label=_("Overdue (open after its due date)"),
    )
    open = FlagFilter(
        rows=lambda: Problem.objects.filter(status__in=OPEN_STATUSES),
        label=_("Open (raised, accepted or in progress)"),
    )
    accepted = FlagFilter(
        rows=lambda: Problem.objects.filter(status__in=ACCEPTED_STATUSES),
        label=_("Accepted (not rejected, past raised)"),
    )
    resolved = FlagFilter(
        rows=lambda as_of: Problem.objects.filter(problem_done(as_of)),
        dated=True,
        label=_("Resolved (resolved or closed)"),
    )
    reopened = FlagFilter(
        rows=lambda as_of: Problem.objects.filter(problem_reopened(as_of)),
        dated=True,
        label=_("Reopened by the enterprise after being resolved"),
    )
    as_of = django_filters.DateFilter(
        method="raised_by",
        label=_("As of (YYYY-MM-DD): raised by that day; overdue and resolved on it"),
    )
    year = YearFilter(field_name="raised_on__year", label=_("Year raised"))
    raised_after, raised_before = date_range(
        "raised_on", _("Raised on or after"), _("Raised on or before")
    )
    search = SearchFilter(
        fields=["title", "tracking_code", "submitter_company", "enterprise__name"]
    )
    ordering = ordering_filter("raised_on", "due_date", "status", "tracking_code")

    class Meta(CampaignRecordFilterSet.Meta):
        model = Problem


class SupportFilterSet(django_filters.FilterSet):
    """Support received; `year` and `as_of` give a period's rows as its figures count them."""

    district = code_filter(District.objects.all(), _("District"), field_name="enterprise__district")
    enterprise = django_filters.ModelChoiceFilter(
        queryset=Enterprise.objects.all(),
        to_field_name="credit_code",
        label=_("Enterprise (credit code)"),
    )
    kind = django_filters.ChoiceFilter(choices=SupportKind.choices, label=_("Kind"))
    year = YearFilter(field_name="granted_on__year", label=_("Year"))
    as_of = django_filters.DateFilter(
        field_name="granted_on", lookup_expr="lte", label=_("Granted on or before")
    )
    ordering = ordering_filter("granted_on", "amount", ("enterprise__name", "enterprise"))

    class Meta:
        model = Support
        fields = []


class MeetingFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    year = YearFilter(field_name="held_on__year", label=_("Year"))
    held_after, held_before = date_range("held_on", _("Held on or after"), _("Held on or before"))
    ordering = ordering_filter("held_on", "title")

    class Meta:
        model = Meeting
        fields = []
