"""The "万人助万企" campaign: enterprises, the cadres who help them, visits, problems, support."""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import CreditCodeField, RandomName, money_field
from core.period import month_label
from core.scoping import EVERYTHING, ScopedQuerySet
from core.tracking import TrackedQuerySet
from core.validators import (
    validate_credit_code,  # noqa: F401 - named by migrations
    validate_due_date,
    validate_not_future,
    validate_photo_size,
)
from core.workdays import add_workdays

from .choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    AssignmentRole,
    EnterpriseKind,
    ProblemCategory,
    ProblemOutcome,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
    SupportKind,
    VisitMode,
)

validate_phone = RegexValidator(
    r"^[0-9+\-() ]{5,30}$",
    _("Enter a phone number: digits, spaces, + - ( ) only."),
    code="invalid_phone",
)

# The longest problem description, on every write path (the feedback page, the API, the
# admin, imports).
DESCRIPTION_MAX_LENGTH = 5000


class EnterpriseLabel(models.Model):
    """A recognition an enterprise holds: 高新技术企业, 科技型中小企业, 专精特新 …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise label")
        verbose_name_plural = _("enterprise labels")
        ordering = ["code"]

    def __str__(self):
        return self.name


class EnterpriseQuerySet(ScopedQuerySet):
    def public_q(self):
        return EVERYTHING

    def cadre_q(self, cadre):
        return Q(pk__in=cadre.assignments.values("enterprise"))


class Enterprise(models.Model):
    """An enterprise (or research institute) the campaign serves; contacts are private."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = CreditCodeField(_("unified social credit code"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=EnterpriseKind.choices, default=EnterpriseKind.ENTERPRISE
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.ForeignKey(
        "projects.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    is_above_scale = models.BooleanField(
        _("above designated size"),
        default=False,
        help_text=_("Industrial enterprise with annual revenue of 20 million yuan or more."),
    )
    labels = models.ManyToManyField(
        EnterpriseLabel, verbose_name=_("labels"), blank=True, related_name="enterprises"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CadreQuerySet(ScopedQuerySet):
    def cadre_q(self, cadre):
        return Q(pk=cadre.pk)


def enterprises_covered(first, last, district=None):
    """The enterprises a cadre was assigned to at some time from `first` to `last` (of
    `district`'s cadres, or all): the campaign's "enterprises covered", and the rows its
    link lists (one definition)."""
    active = Assignment.objects.filter(
        Q(start__lte=last), Q(end__isnull=True) | Q(end__gte=first), enterprise__isnull=False
    )
    if district is not None:
        active = active.filter(cadre__district=district)
    return Enterprise.objects.filter(pk__in=active.values("enterprise"))


def enterprises_supported(first, last, kind=None):
    """The enterprises given support (of `kind`, or any) from `first` to `last`: the
    campaign's enterprises per support kind are counted over these rows, and its link lists
    them (one definition)."""
    given = Support.objects.filter(granted_on__range=(first, last))
    if kind:
        given = given.filter(kind=kind)
    return Enterprise.objects.filter(pk__in=given.values("enterprise"))


class Cadre(models.Model):
    """A cadre (助企干部) assigned to help enterprises and projects; the phone is private."""

    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("work unit"), max_length=100)
    post = models.CharField(_("post"), max_length=60, blank=True)
    rank = models.CharField(_("rank"), max_length=30, blank=True)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = CadreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["district", "name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class AssignmentQuerySet(ScopedQuerySet):
    district_lookup = "cadre__district"

    def cadre_q(self, cadre):
        return Q(cadre=cadre)

    def active(self, on):
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Assignment(models.Model):
    """A cadre assigned to an enterprise or a project, in a role, for a period."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="assignments"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=AssignmentRole.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["cadre", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | Q(project__isnull=False),
                name="assignment_has_subject",
                violation_error_message=_("Choose an enterprise or a project."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="assignment_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} → {self.enterprise or self.project}"


class VisitQuerySet(ScopedQuerySet):
    def cadre_q(self, cadre):
        return Q(cadre=cadre)


class Visit(models.Model):
    """A cadre's visit, call or meeting with an enterprise or at a project."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visits",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visits",
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("date"), validators=[validate_not_future])
    mode = models.CharField(
        _("mode"), max_length=20, choices=VisitMode.choices, default=VisitMode.VISIT
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | Q(project__isnull=False),
                name="visit_has_subject",
                violation_error_message=_("Choose an enterprise or a project."),
            )
        ]

    def __str__(self):
        return f"{self.visited_on} {self.cadre.name} → {self.enterprise or self.project}"


class VisitPhotoQuerySet(ScopedQuerySet):
    district_lookup = "visit__district"

    def cadre_q(self, cadre):
        return Q(visit__cadre=cadre)


class VisitPhoto(models.Model):
    """A photo taken on a visit (the site, a meeting, a document), seen by officials only."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("image"), upload_to=RandomName("visits"), validators=[validate_photo_size]
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    objects = VisitPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class ProblemLimit(models.Model):
    """A category's time limits in working days (core.workdays), edited by the city admin:
    the first response, the stage reply and the closure, counted from the day raised."""

    DEFAULTS = {"response_days": 1, "stage_days": 3, "closure_days": 15}

    category = models.CharField(
        _("category"), max_length=20, choices=ProblemCategory.choices, unique=True
    )
    response_days = models.PositiveSmallIntegerField(
        _("first response (working days)"), default=DEFAULTS["response_days"]
    )
    stage_days = models.PositiveSmallIntegerField(
        _("stage reply (working days)"), default=DEFAULTS["stage_days"]
    )
    closure_days = models.PositiveSmallIntegerField(
        _("closure (working days)"), default=DEFAULTS["closure_days"]
    )

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem time limit")
        verbose_name_plural = _("problem time limits")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_days__lte=F("stage_days"))
                & Q(stage_days__lte=F("closure_days"))
                & Q(closure_days__gte=1),
                name="problem_limits_in_order",
                violation_error_message=_(
                    "The limits run in order: first response ≤ stage reply ≤ closure (at "
                    "least one working day)."
                ),
            )
        ]

    def __str__(self):
        return self.get_category_display()

    @classmethod
    def of(cls, category):
        """The limits of `category`: its row, else the defaults (1, 3, 15 working days)."""
        return cls.objects.filter(category=category).first() or cls(
            category=category, **cls.DEFAULTS
        )

    def due_dates(self, raised_on):
        """{response_due, stage_due, due_date} of a problem of this category raised then."""
        return {
            "response_due": add_workdays(raised_on, self.response_days),
            "stage_due": add_workdays(raised_on, self.stage_days),
            "due_date": add_workdays(raised_on, self.closure_days),
        }


class ProblemRouteQuerySet(TrackedQuerySet):
    def for_problem(self, district_id, category):
        """The route of a new problem: its category's in its district, else the district's
        default (the row without a category); None if the district has neither."""
        rows = self.filter(district_id=district_id, category__in=[category, ""])
        return rows.order_by("-category").select_related("handler").first()


class ProblemRoute(models.Model):
    """The routing table (the city admin's): which unit and which cadre handle a new problem
    of a category in a district; a row without a category is the district's default."""

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="problem_routes",
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ProblemCategory.choices,
        blank=True,
        help_text=_("Empty: the district's default, for every category without a row."),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    handler = models.ForeignKey(
        Cadre,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problem_routes",
    )

    objects = ProblemRouteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem route")
        verbose_name_plural = _("problem routing")
        ordering = ["district", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "category"],
                name="problem_route_once",
                violation_error_message=_(
                    "This district already has a route for this category (or a default)."
                ),
            )
        ]

    def __str__(self):
        category = self.get_category_display() if self.category else _("default")
        return f"{self.district} · {category} → {self.responsible_unit}"


def new_tracking_code():
    """A readable code for the public to track a problem: WQ-YYYYMMDD-XXXXXX (no 0/O/1/I)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    suffix = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"WQ-{timezone.localdate():%Y%m%d}-{suffix}"


# Named, because migration 0004 refers to it by this name.
feedback_photo_path = RandomName("feedback")


def problem_done(as_of):
    """Resolved or closed by `as_of` (the day a period's figures stand at, or today)."""
    return Q(status__in=DONE_STATUSES) & (Q(resolved_on__isnull=True) | Q(resolved_on__lte=as_of))


def problem_overdue(as_of):
    """A ledger problem still open on `as_of` after its due date (the category's closure
    limit in working days from the day raised, unless one was agreed): open now, or
    resolved only after that day. The one definition of overdue."""
    return Q(due_date__lt=as_of) & (
        Q(status__in=OPEN_STATUSES) | Q(status__in=DONE_STATUSES, resolved_on__gt=as_of)
    )


def problem_reopened(as_of):
    """Reopened by the enterprise after being resolved, by `as_of` (the last reopening)."""
    return Q(reopened__gt=0, reopened_on__lte=as_of)


class ProblemQuerySet(ScopedQuerySet):
    def cadre_q(self, cadre):
        assigned = cadre.assignments.all()
        return (
            Q(assignee=cadre)
            | Q(enterprise__in=assigned.values("enterprise"))
            | Q(project__in=assigned.values("project"))
        )

    def overdue(self, as_of):
        return self.filter(problem_overdue(as_of))

    def with_overdue(self, as_of):
        """Each row with `is_overdue`: overdue on `as_of` (problem_overdue)."""
        flag = models.ExpressionWrapper(problem_overdue(as_of), output_field=models.BooleanField())
        return self.annotate(is_overdue=flag)

    def raised_in(self, year, as_of):
        """What a period's figures count: the problems raised in its year by its day."""
        return self.filter(raised_on__year=year, raised_on__lte=as_of)


class Problem(models.Model):
    """One entry of the problem ledger (问题台账), from being raised to being closed (销号)."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=24, unique=True, default=new_tracking_code, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    # A TextField's max_length only shapes forms; the validator holds it on every write path.
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    category = models.CharField(_("category"), max_length=20, choices=ProblemCategory.choices)
    source = models.CharField(_("source"), max_length=20, choices=ProblemSource.choices)
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("raised during visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    meeting = models.ForeignKey(
        "projects.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    raised_on = models.DateField(
        _("raised on"), default=timezone.localdate, validators=[validate_not_future]
    )
    assignee = models.ForeignKey(
        Cadre,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_problems",
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text=_("An earlier problem of the same enterprise: this one follows its status."),
    )
    routed_by = models.ForeignKey(
        ProblemRoute,
        verbose_name=_("routed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="problems",
        help_text=_("The row of the routing table that chose the unit and handler on intake."),
    )
    response_due = models.DateField(
        _("first response due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From the category's limit in working days."),
    )
    stage_due = models.DateField(
        _("stage reply due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From the category's limit in working days."),
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        validators=[validate_due_date],
        help_text=_("Empty: the category's closure limit in working days from the day raised."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.RAISED
    )
    accepted_on = models.DateField(
        _("accepted on"), null=True, blank=True, validators=[validate_not_future]
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(
        _("resolved on"), null=True, blank=True, validators=[validate_not_future]
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ProblemOutcome.choices, blank=True
    )
    outcome_note = models.TextField(
        _("note on the outcome"),
        blank=True,
        help_text=_("What the enterprise reads: why it cannot be solved, or what is left."),
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    reopened = models.PositiveSmallIntegerField(
        _("times reopened"),
        default=0,
        editable=False,
        help_text=_("How often the enterprise reopened the problem after it was resolved."),
    )
    reopened_on = models.DateField(_("last reopened on"), null=True, blank=True, editable=False)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True, editable=False)
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_not_future]
    )
    submitter_name = models.CharField(_("submitter name"), max_length=60, blank=True)
    submitter_phone = models.CharField(
        _("submitter phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    submitter_company = models.CharField(_("submitting company"), max_length=200, blank=True)
    submitter_credit_code = CreditCodeField(
        _("submitter credit code"),
        blank=True,
        help_text=_(
            "As the submitter gave it: a claim, not proof. The problem is linked to that "
            "enterprise only once an official confirms it."
        ),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=feedback_photo_path,
        blank=True,
        validators=[validate_photo_size],
        help_text=_("Sent with the feedback; seen by officials only."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem ledger")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="problem_rejection_has_reason",
                violation_error_message=_("A rejected problem needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
                name="problem_resolution_recorded",
                violation_error_message=_("A resolved problem needs its resolution."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="unsolvable") | ~Q(outcome_note=""),
                name="problem_unsolvable_says_why",
                violation_error_message=_("Tell the enterprise why the problem cannot be solved."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(satisfaction=""),
                name="problem_closed_is_rated",
                violation_error_message=_("A problem is closed only once the enterprise rates it."),
            ),
            # Dates of one problem in their order: raised, then accepted and due, resolved, closed.
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=F("raised_on")),
                name="problem_due_after_raised",
                violation_error_message=_("The due date cannot be before the problem was raised."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=F("raised_on")),
                name="problem_accepted_after_raised",
                violation_error_message=_("A problem cannot be accepted before it was raised."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("raised_on")),
                name="problem_resolved_after_raised",
                violation_error_message=_("A problem cannot be resolved before it was raised."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(resolved_on__isnull=True)
                | Q(closed_on__gte=F("resolved_on")),
                name="problem_closed_after_resolved",
                violation_error_message=_("A problem cannot be closed before it was resolved."),
            ),
        ]
        indexes = [models.Index(fields=["district", "status", "raised_on"])]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"

    def save(self, *args, **kwargs):
        """Saved with its duplicates following it (status, handling, outcome)."""
        super().save(*args, **kwargs)
        if self.pk is not None and not kwargs.get("update_fields"):
            for duplicate in self.duplicates.exclude(pk=self.pk):
                duplicate.follow(self)
                duplicate.save()

    # What a duplicate takes from the problem it duplicates (`follow`).
    FOLLOWED = (
        "status",
        "assignee_id",
        "responsible_unit",
        "due_date",
        "accepted_on",
        "rejection_reason",
        "resolution",
        "resolved_on",
        "outcome",
        "outcome_note",
        "satisfaction",
        "closed_on",
    )

    def follow(self, original):
        """Take `original`'s status and outcome (a duplicate follows it); its dates are
        never before this problem was raised."""
        for name in self.FOLLOWED:
            value = getattr(original, name)
            if isinstance(value, datetime.date) and name != "due_date":
                value = max(value, self.raised_on)
            setattr(self, name, value)
        if self.due_date is not None:
            self.due_date = max(self.due_date, self.raised_on)

    def route(self):
        """The routing table's unit and handler for a new problem (ProblemRoute), where the
        intake did not name them already."""
        route = ProblemRoute.objects.for_problem(self.district_id, self.category)
        if route is None or (self.responsible_unit and self.assignee_id):
            return
        self.routed_by = route
        self.responsible_unit = self.responsible_unit or route.responsible_unit
        if self.assignee_id is None and route.handler_id is not None:
            self.assignee = route.handler

    def set_due_dates(self):
        """Its due dates from its category's working-day limits (ProblemLimit), counted from
        the day raised; a due date already agreed is kept."""
        dates = ProblemLimit.of(self.category).due_dates(self.raised_on)
        self.response_due, self.stage_due = dates["response_due"], dates["stage_due"]
        self.due_date = self.due_date or dates["due_date"]

    def held_when_overdue(self):
        """Who held the problem when it went overdue (超时倒查): its handler at the start of
        the day after its due date, from the change history — (unit, cadre or None) — or
        None if it was not overdue then (no due date, not yet past, done or rejected by
        then)."""
        if self.due_date is None or self.status == "rejected":
            return None
        moment = timezone.make_aware(
            datetime.datetime.combine(self.due_date + datetime.timedelta(days=1), datetime.time())
        )
        if moment > timezone.now() or (self.resolved_on and self.resolved_on <= self.due_date):
            return None
        try:
            then = self.history.as_of(moment)
        except Problem.DoesNotExist:  # recorded only after it was due (an import, say)
            then = self
        cadre = Cadre.objects.filter(pk=then.assignee_id).first() if then.assignee_id else None
        unit = then.responsible_unit or (cadre.unit if cadre else "")
        return unit, cadre

    @property
    def handling_unit(self):
        """Who handles the problem, as the enterprise is told: the responsible unit, else
        the assignee's work unit (never the cadre's name or phone)."""
        return self.responsible_unit or (self.assignee.unit if self.assignee_id else "")


class SupportQuerySet(ScopedQuerySet):
    """Support received is public (the campaign's figures list and link their rows); only
    its description is officials' (the API's private field)."""

    district_lookup = "enterprise__district"

    def public_q(self):
        return EVERYTHING

    def cadre_q(self, cadre):
        return Q(enterprise__in=cadre.assignments.values("enterprise"))


class Support(models.Model):
    """Help an enterprise received: tax refunds and fee cuts, a loan, an award, recruitment …"""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="support"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    amount = money_field(_("amount (10k yuan)"), null=True, blank=True, default=None)
    granted_on = models.DateField(_("date"), validators=[validate_not_future])
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = SupportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support received")
        verbose_name_plural = _("support received")
        ordering = ["-granted_on", "pk"]

    def __str__(self):
        return f"{self.enterprise.name} {self.get_kind_display()}"


class MatterCarryOverQuerySet(ScopedQuerySet):
    """Seen by whoever sees the matter (its problem's district, a cadre's assigned ones)."""

    district_lookup = "problem__district"

    def cadre_q(self, cadre):
        return Q(problem__in=Problem.objects.filter(Problem.objects.cadre_q(cadre)).values("pk"))

    def awaiting(self):
        """Carried over with no meeting to take them yet (待下次调度会)."""
        return self.filter(carried_to__isnull=True)


class MatterCarryOver(models.Model):
    """A matter of a dispatch meeting (调度会交办事项) resolved, then reopened because its
    project was still red when the next month was published: the month that judged it (the
    reason), the resolution it had (reopening clears it from the problem) and the
    meeting it is carried to — none yet while no later meeting of that unit is scheduled.
    One per matter and published month (a revision of the month reopens nothing)."""

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("matter"),
        on_delete=models.CASCADE,
        related_name="carry_overs",
    )
    period = models.ForeignKey(
        "core.ReportingPeriod",
        verbose_name=_("published month"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "projects.Meeting",
        verbose_name=_("assigned at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    carried_to = models.ForeignKey(
        "projects.Meeting",
        verbose_name=_("carried to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over",
        help_text=_("Empty: awaiting the next meeting of the unit."),
    )
    carried_on = models.DateField(_("carried over on"))
    # The resolution the reopening cleared from the problem.
    status = models.CharField(_("status before"), max_length=20, choices=ProblemStatus.choices)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ProblemOutcome.choices, blank=True
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = MatterCarryOverQuerySet.as_manager()

    class Meta:
        verbose_name = _("matter carried over")
        verbose_name_plural = _("matters carried over")
        ordering = ["carried_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "period"],
                name="matter_carried_over_once_per_month",
                violation_error_message=_("This matter was already carried over for this month."),
            )
        ]

    def __str__(self):
        return f"{self.problem.tracking_code} {self.reason}"

    @property
    def reason(self):
        """Why it was reopened, in the reader's language ("项目在 2023 年 5 月 发布时仍为红灯")."""
        return _("The project was still red when %(month)s was published") % {
            "month": month_label(self.period.year, self.period.month)
        }

    @property
    def status_label(self):
        """ "Carried to <meeting>", or "Carried over, awaiting the next meeting"."""
        if self.carried_to_id is None:
            return _("Carried over, awaiting the next meeting")
        return _("Carried to %(meeting)s") % {"meeting": self.carried_to}
