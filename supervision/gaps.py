"""要素保障 at dispatch meetings: a project's factor gap (land, energy, emission allowance,
power, water, funding it needs and has not secured) raised as a matter of a dispatch
meeting (调度会交办事项) — a ledger problem assigned there, whose handling the ledger then
follows (due dates, handler, closure)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.roles import Role
from core.scoping import may_act_as
from districts.models import DistrictKind
from enterprises.choices import ProblemCategory, ProblemSource
from enterprises.models import Problem
from enterprises.services import problem_intake
from projects.choices import MeetingKind, ResourceKind
from projects.models import Meeting, ResourceNeed

# The ledger category a factor's gap is filed under.
GAP_CATEGORY = {
    ResourceKind.LAND: ProblemCategory.LAND,
    ResourceKind.ENERGY: ProblemCategory.POLICY,
    ResourceKind.EMISSIONS: ProblemCategory.POLICY,
    ResourceKind.POWER: ProblemCategory.POWER,
    ResourceKind.WATER: ProblemCategory.OTHER,
    ResourceKind.FUNDING: ProblemCategory.FUNDING,
}


@transaction.atomic
def resource_gap_raise(*, need: ResourceNeed, meeting: Meeting, user, due_date=None) -> Problem:
    """Raise `need`'s gap as a matter of the dispatch `meeting` (of the project's unit or
    the city's): a ledger problem of the project, source dispatch meeting, routed and dated
    like any intake; the need records the meeting it was raised at."""
    if not (
        may_act_as(user, Role.REPORTER)
        and ResourceNeed.objects.managed_by(user).filter(pk=need.pk).exists()
        and Meeting.objects.managed_by(user).filter(pk=meeting.pk).exists()
    ):
        raise PermissionDenied(gettext("Only the project's district may raise its gaps."))
    need = ResourceNeed.objects.with_gap().select_related("project").get(pk=need.pk)
    errors = {}
    if need.gap <= 0:
        errors["resource_need"] = gettext("This need has no gap: all of it is secured.")
    if meeting.kind != MeetingKind.DISPATCH:
        errors["meeting"] = gettext("A gap is raised at a dispatch meeting.")
    elif (
        meeting.district_id != need.project.district_id
        and meeting.district.kind != DistrictKind.CITY
    ):
        errors["meeting"] = gettext("The meeting is another unit's.")
    if errors:
        raise ValidationError(errors)
    project = need.project
    with translation.override(settings.LANGUAGE_CODE):  # the ledger's text, in Chinese
        facts = {
            "project": project.name,
            "factor": need.get_kind_display(),
            "gap": f"{need.gap:,.2f}".rstrip("0").rstrip("."),
            "unit": need.unit_label,
        }
        title = gettext("%(project)s: %(factor)s gap of %(gap)s %(unit)s") % facts
        description = gettext(
            "Resource need (要素保障): %(factor)s needed %(needed)s, secured %(secured)s, "
            "gap %(gap)s %(unit)s."
        ) % {**facts, "needed": need.needed, "secured": need.secured}
    today = timezone.localdate()
    problem = Problem(
        title=title[:200],
        description=description,
        category=GAP_CATEGORY[need.kind],
        source=ProblemSource.DISPATCH,
        meeting=meeting,
        project=project,
        enterprise=project.owner,
        district=project.district,
        raised_on=min(meeting.held_on, today),
        due_date=due_date,
    )
    problem_intake(problem)  # keeps a due date agreed at the meeting
    problem.full_clean()
    problem.save()
    need.raised_at = meeting
    need.save(update_fields=["raised_at"])
    return problem
