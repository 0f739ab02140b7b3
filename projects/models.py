"""Key projects (重点项目) and everything reported about them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import RandomName, actor_field, degrees_field, money_field
from core.models import YEAR_VALIDATORS
from core.tracking import TrackedQuerySet
from core.validators import (
    validate_no_phone_number,
    validate_not_future,
    validate_photo_size,
)
from core.workdays import add_workdays, workdays_between

from .choices import (
    RESOURCE_UNITS,
    ApprovalKind,
    Category,
    FundingKind,
    Level,
    MeetingKind,
    MilestoneKind,
    Nature,
    PoolReviewStatus,
    ReportStatus,
    ResourceKind,
    RoundList,
    Stage,
)
from .photos import exif_facts
from .querysets import (
    ApprovalItemQuerySet,
    MeetingQuerySet,
    MilestoneQuerySet,
    PhotoQuerySet,
    ProgressReportQuerySet,
    ProjectPartQuerySet,
    ProjectQuerySet,
    ResourceNeedQuerySet,
    RoundQuerySet,
)


class Industry(models.Model):
    """An industry chain the city develops (氢能, 化工新材料, 装备制造 …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project on a national, provincial, city or district key-project list."""

    code = models.SlugField(
        _("project code"),
        max_length=40,
        unique=True,
        help_text=_("Our own stable code, used in URLs, imports and the API."),
        # Unique across districts: refused without confirming another district's project.
        error_messages={"unique": _("This project code cannot be used; choose another one.")},
    )
    national_code = models.CharField(
        _("national project code"),
        max_length=24,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Z-]{24}$",
                _("The national project code has 24 characters: digits, capitals and dashes."),
            )
        ],
        help_text=_("Issued by the national investment-project approval platform."),
    )
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PLANNED
    )
    total_investment = money_field(_("total investment (10k yuan)"))
    owner = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("owner enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    leader = models.CharField(
        _("leader in charge"),
        max_length=60,
        blank=True,
        validators=[validate_no_phone_number],
        help_text=_("Public: name and post, e.g. 张伟（市发展和改革委员会主任）; no phone."),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(
        _("actual start"), null=True, blank=True, validators=[validate_not_future]
    )
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    actual_completion = models.DateField(
        _("actual completion"), null=True, blank=True, validators=[validate_not_future]
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    latitude = degrees_field(_("latitude"), 90)
    longitude = degrees_field(_("longitude"), 180)
    construction_content = models.TextField(_("construction content"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Illustrative demo data, not official.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="project_total_investment_not_negative",
                violation_error_message=_("Total investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_completion__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_completion__gte=F("actual_start")),
                name="project_actual_completion_after_start",
                violation_error_message=_("Completion cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_completion__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="project_planned_completion_after_start",
                violation_error_message=_("Planned completion cannot be before the planned start."),
            ),
            models.UniqueConstraint(
                fields=["national_code"],
                condition=~Q(national_code=""),
                name="project_national_code_unique",
                violation_error_message=_("Another project already has this national code."),
            ),
        ]
        # The filters lists use most, each with the default order; a unit's largest projects.
        indexes = [
            models.Index(fields=["district", "stage", "code"]),
            models.Index(fields=["district", "-total_investment", "code"]),
            models.Index(fields=["-total_investment", "id"], name="project_largest_first"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.actual_completion and not self.actual_start:
            raise ValidationError(
                {"actual_start": _("A completed project needs its actual start date.")}
            )


class AnnualPlan(models.Model):
    """Investment planned for one project in one calendar year, with that year's goals."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    planned_investment = money_field(_("planned investment (10k yuan)"))
    goals = models.TextField(_("goals"), blank=True)

    objects = ProjectPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["project", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="annual_plan_one_per_year",
                violation_error_message=_("This project already has a plan for this year."),
            ),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0),
                name="annual_plan_not_negative",
                violation_error_message=_("Planned investment cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.project.name} {self.year}"


class ProgressReport(models.Model):
    """One project's monthly report: investment completed that month and the 形象进度 narrative.

    Only approved reports count in any statistic.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    completed_investment = money_field(_("investment completed this month (10k yuan)"))
    cumulative_investment = money_field(
        _("completed since the start, cumulative (10k yuan)"),
        default=None,
        null=True,
        blank=True,
        help_text=_("自开工累计完成投资 as the project reports it; optional."),
    )
    narrative = models.TextField(_("physical progress"), blank=True)
    problems_met = models.TextField(_("problems met"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = actor_field(_("created by"))
    edited_by = actor_field(
        _("last edited by"),
        help_text=_("Four eyes: whoever last edited a report cannot approve it."),
    )
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    is_late = models.BooleanField(
        _("late report (补报)"),
        default=False,
        help_text=_("Filed by a city administrator after its reporting period closed."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly progress report")
        verbose_name_plural = _("monthly progress reports")
        ordering = ["-year", "-month", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                name="progress_report_one_per_month",
                violation_error_message=_("This project already has a report for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="progress_report_month_range",
                violation_error_message=_("Month must be between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=Q(completed_investment__gte=0),
                name="progress_report_not_negative",
                violation_error_message=_("Completed investment cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status", "month"]),
            # The admin's list, newest month first (ProgressReportAdmin.ordering), and a
            # month's reports handed in per project read from the index alone (未报).
            models.Index(
                fields=["-year", "-month", "project"],
                include=["status"],
                name="report_newest_first",
            ),
            # The reports awaiting review (the reviewers' queue and home): a few among millions.
            models.Index(
                fields=["project", "submitted_at"],
                condition=Q(status=ReportStatus.SUBMITTED),
                name="report_awaiting_review",
            ),
            # The latest approved reports (projects.selectors.latest_approved_reports).
            models.Index(
                fields=["year", "month", "reviewed_at", "id"],
                condition=Q(status=ReportStatus.APPROVED),
                name="report_latest_approved",
            ),
        ]

    def __str__(self):
        return f"{self.project.name} {self.year}-{self.month:02d}"

    def clean(self):
        super().clean()
        # A report counts against its year's plan: without one it would count nowhere.
        if (
            self.project_id
            and self.year
            and not AnnualPlan.objects.filter(project_id=self.project_id, year=self.year).exists()
        ):
            raise ValidationError(
                {
                    "year": _(
                        "This project has no annual plan for %(year)s: add the plan before "
                        "reporting progress for that year."
                    )
                    % {"year": self.year}
                }
            )


class Photo(models.Model):
    """A captioned photo of a project, optionally attached to one monthly report; its file
    goes only to whoever may see the photo (`portal.media`)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="photos"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("monthly report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("image"), upload_to=RandomName("photos"), validators=[validate_photo_size]
    )
    caption = models.CharField(_("caption"), max_length=200)
    taken_on = models.DateField(
        _("taken on"), null=True, blank=True, validators=[validate_not_future]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Read from the image's EXIF at upload (projects.photos), for the plausibility flags.
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    latitude = degrees_field(_("latitude (EXIF)"), 90)
    longitude = degrees_field(_("longitude (EXIF)"), 180)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return self.caption

    def save(self, *args, **kwargs):
        # Every upload path (admin, API, workbench, imports) saves here: the file's own date
        # and position are read once, when it arrives, unless they were given.
        if self.image and not self.image._committed and self.taken_at is None:
            facts = exif_facts(self.image)
            self.taken_at = facts.taken_at
            if self.latitude is None and self.longitude is None:
                self.latitude, self.longitude = facts.latitude, facts.longitude
        super().save(*args, **kwargs)

    def clean(self):
        if self.report_id and self.project_id and self.report.project_id != self.project_id:
            raise ValidationError({"report": _("The report belongs to another project.")})


class Milestone(models.Model):
    """A dated step of a project (签约, 开工, 竣工, 投产 …): planned date and actual date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(
        _("actual date"), null=True, blank=True, validators=[validate_not_future]
    )

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "pk"]
        indexes = [models.Index(fields=["planned_date", "actual_date"])]

    def __str__(self):
        return self.name or self.get_kind_display()


class Funding(models.Model):
    """Money from one source for a project in one year: amount secured and amount disbursed."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="funding"
    )
    kind = models.CharField(_("funding kind"), max_length=20, choices=FundingKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    secured = money_field(_("secured (10k yuan)"))
    disbursed = money_field(_("disbursed (10k yuan)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ProjectPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["project", "-year", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(secured__gte=0) & Q(disbursed__gte=0),
                name="funding_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("secured")),
                name="funding_disbursed_within_secured",
                violation_error_message=_("Disbursed cannot exceed the amount secured."),
            ),
        ]

    def __str__(self):
        return f"{self.project.name} {self.year} {self.get_kind_display()}"


class ApprovalItem(models.Model):
    """A permit step of a project (立项, 用地, 规划, 环评, 施工许可 …) and how long it took.

    Its due date and actual working days are computed from its dates on every save (the
    Chinese working-day calendar, core.workdays); `late` is a query (querysets.approval_late).
    """

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="approval_items",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ApprovalKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("On the city's list of approvals required for the project's category."),
    )
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    applied_on = models.DateField(
        _("applied on"), null=True, blank=True, validators=[validate_not_future]
    )
    approved_on = models.DateField(
        _("approved on"), null=True, blank=True, validators=[validate_not_future]
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The promised limit in working days after the application."),
    )
    actual_days = models.PositiveSmallIntegerField(
        _("actual time taken (working days)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Working days after the application, up to the approval."),
    )

    objects = ApprovalItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")
        ordering = ["project", "applied_on", "pk"]
        indexes = [models.Index(fields=["due_date", "approved_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_days__lte=F("legal_days")),
                name="approval_promised_within_legal",
                violation_error_message=_("The promised limit cannot exceed the legal limit."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(applied_on__isnull=True)
                | Q(approved_on__gte=F("applied_on")),
                name="approval_approved_after_applied",
                violation_error_message=_("Approval cannot be before the application."),
            ),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    def save(self, *args, **kwargs):
        self.compute_dates()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_date", "actual_days"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.approved_on and not self.applied_on:
            raise ValidationError(
                {"applied_on": _("An approved item needs the date it was applied for.")}
            )

    def compute_dates(self):
        """The due date and the actual working days, from the dates and the promised limit."""
        self.due_date = (
            add_workdays(self.applied_on, self.promised_days)
            if self.applied_on and self.promised_days is not None
            else None
        )
        self.actual_days = (
            workdays_between(self.applied_on, self.approved_on)
            if self.applied_on and self.approved_on and self.approved_on >= self.applied_on
            else None
        )


class RequiredApproval(models.Model):
    """One approval the city requires of every project of a category before it may start
    (前期手续清单: 立项, 用地预审, 规划许可, 环评, 能评, 施工许可 …), with the limits it is
    usually promised within; kept by the city administrator."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=ApprovalKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("required approval")
        verbose_name_plural = _("required approvals")
        ordering = ["category", "order", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "kind"],
                name="required_approval_once_per_category",
                violation_error_message=_("This approval is already required for the category."),
            ),
            models.CheckConstraint(
                condition=Q(promised_days__lte=F("legal_days")),
                name="required_approval_promised_within_legal",
                violation_error_message=_("The promised limit cannot exceed the legal limit."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.name or self.get_kind_display()}"


class Round(models.Model):
    """One round (期) of the "三个一批" campaign: projects signed, started, put into production."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("round number"))
    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("Empty for a city-wide round."),
    )
    held_on = models.DateField(_("held on"))

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("“three batches” round")
        verbose_name_plural = _("“three batches” rounds")
        ordering = ["-held_on", "number"]

    def __str__(self):
        return self.name


class RoundEntry(models.Model):
    """A project on one of a round's three lists."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="round_entries"
    )
    round_list = models.CharField(_("list"), max_length=20, choices=RoundList.choices)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["round", "round_list", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "round_list"],
                name="round_entry_unique",
                violation_error_message=_("This project is already on this list of the round."),
            )
        ]

    def __str__(self):
        return f"{self.round} · {self.get_round_list_display()} · {self.project.name}"


class Meeting(models.Model):
    """A dispatch meeting (调度会) or other meeting; the matters it assigns are ledger problems."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.DISPATCH
    )
    title = models.CharField(_("title"), max_length=200)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField(_("held on"))
    chair = models.CharField(_("chaired by"), max_length=60, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class PoolReview(models.Model):
    """入库: a reserve project proposed by its unit for the city's project pool, and the
    city's review of it. Four eyes: whoever proposed it cannot approve it."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="pool_review"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PoolReviewStatus.choices,
        default=PoolReviewStatus.PROPOSED,
    )
    reason = models.TextField(_("reason for the proposal"), blank=True)
    proposed_by = actor_field(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    objects = ProjectPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project pool review")
        verbose_name_plural = _("project pool reviews")
        ordering = ["-proposed_at", "pk"]

    def __str__(self):
        return f"{self.project.name} · {self.get_status_display()}"


class ResourceNeed(models.Model):
    """要素保障: how much of one factor (land, energy, emission allowance, power, water,
    funding) a project needs and how much of it is secured; the gap is computed
    (ResourceNeedQuerySet.with_gap), never typed."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="resource_needs",
    )
    kind = models.CharField(_("factor"), max_length=20, choices=ResourceKind.choices)
    needed = money_field(_("needed"), default=None)
    secured = money_field(_("secured"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    raised_at = models.ForeignKey(
        Meeting,
        verbose_name=_("gap raised at"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="resource_gaps",
        help_text=_("The dispatch meeting the gap was last raised at, as a matter."),
    )

    objects = ResourceNeedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource need")
        verbose_name_plural = _("resource needs")
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="resource_need_once_per_kind",
                violation_error_message=_("This project already has a need for this factor."),
            ),
            models.CheckConstraint(
                condition=Q(needed__gte=0) & Q(secured__gte=0),
                name="resource_need_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(secured__lte=F("needed")),
                name="resource_need_secured_within_needed",
                violation_error_message=_("What is secured cannot exceed the need."),
            ),
        ]

    def __str__(self):
        return f"{self.project.name} · {self.get_kind_display()}"

    @property
    def unit(self):
        """The factor's unit as the API gives it (亩, 吨标煤 …)."""
        return RESOURCE_UNITS[self.kind][0]

    @property
    def unit_label(self):
        return RESOURCE_UNITS[self.kind][1]


# Registered with the app here; kept by projects.refresh.
from .published import PublishedProject  # noqa: E402, F401
from .totals import ProjectYear  # noqa: E402, F401
