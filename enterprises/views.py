"""Public pages of the problem ledger: an enterprise submits a problem, tracks it, and rates\nthe outcome once it is resolved."""

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.security import AnonRateThrottle

from .choices import ProblemStatus
from .forms import FeedbackForm, RatingForm, ReopenForm, TrackForm
from .models import Problem
from .services import REOPEN_DAYS, problem_rate, problem_reopen, problem_submit_feedback

# What the public may see of a problem, given its tracking code (with its district's name
# and its handling unit): status and outcome only.
PUBLIC_PROBLEM_FIELDS = (
    "tracking_code",
    "title",
    "category",
    "raised_on",
    "status",
    "accepted_on",
    "response_due",
    "due_date",
    "resolution",
    "resolved_on",
    "outcome",
    "outcome_note",
    "closed_on",
    "rejection_reason",
    "satisfaction",
)


class FeedbackRateThrottle(AnonRateThrottle):
    """Anonymous feedback per client address, at REST_FRAMEWORK's "feedback" rate
    (settings FEEDBACK_RATE). The page and the API share the scope, so one budget covers both,
    counted in the rate limits' own cache (core.security).
    """

    scope = "feedback"


class FeedbackView(FormView):
    """`/feedback/`: the problem enters the ledger as raised; the tracking code is shown."""

    template_name = "enterprises/feedback_form.html"
    form_class = FeedbackForm

    def form_valid(self, form):
        throttle = FeedbackRateThrottle()
        if not throttle.allow_request(self.request, self):
            minutes = math.ceil((throttle.wait() or 60) / 60)
            form.add_error(
                None,
                _(
                    "Too many problems were submitted from your address. "
                    "Please try again in %(minutes)d minutes."
                )
                % {"minutes": minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            problem = problem_submit_feedback(**form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your problem was recorded. Keep its tracking code: %(code)s")
            % {"code": problem.tracking_code},
        )
        url = reverse("enterprises:track") + "?" + urlencode({"code": problem.tracking_code})
        return redirect(url)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _attach_errors(form, error):
    """Errors from the model's full_clean() shown on the form field they belong to."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def public_problem(code):
    """What the public may see of the problem with tracking code `code` (None if none): its
    status, dates, handling unit and outcome — never the submitter, the enterprise's contacts,
    the assignee's name or internal notes."""
    problem = (
        Problem.objects.select_related("district", "assignee").filter(tracking_code=code).first()
    )
    if problem is None:
        return None
    shown = {name: getattr(problem, name) for name in PUBLIC_PROBLEM_FIELDS}
    shown.update(
        district_name=problem.district.name,
        handling_unit=problem.handling_unit,
        status_label=problem.get_status_display(),
        category_label=problem.get_category_display(),
        satisfaction_label=problem.get_satisfaction_display(),
        outcome_label=problem.get_outcome_display(),
        can_rate=problem.status == ProblemStatus.RESOLVED and not problem.satisfaction,
        can_reopen=problem.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
        and problem.resolved_on is not None
        and (timezone.localdate() - problem.resolved_on).days <= REOPEN_DAYS,
        reopened=problem.reopened,
        reopen_days=REOPEN_DAYS,
    )
    shown["timeline"] = timeline(problem)
    return shown


def timeline(problem):
    """The problem's steps so far, from the ledger's dates: [{date, label, detail}]."""
    steps = [{"date": problem.raised_on, "label": _("Raised"), "detail": ""}]
    if problem.accepted_on:
        detail = problem.handling_unit
        if problem.due_date:
            detail = _("%(unit)s, due %(date)s") % {"unit": detail or "-", "date": problem.due_date}
        steps.append({"date": problem.accepted_on, "label": _("Accepted"), "detail": detail})
    if problem.status == ProblemStatus.REJECTED:
        steps.append({"date": None, "label": _("Not accepted"), "detail": problem.rejection_reason})
    if problem.resolved_on:
        detail = problem.get_outcome_display() if problem.outcome else ""
        steps.append({"date": problem.resolved_on, "label": _("Resolved"), "detail": detail})
    if problem.satisfaction:
        steps.append(
            {"date": None, "label": _("Rated"), "detail": problem.get_satisfaction_display()}
        )
    if problem.closed_on:
        steps.append({"date": problem.closed_on, "label": _("Closed"), "detail": ""})
    if problem.reopened and problem.status not in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
        steps.append({"date": problem.reopened_on, "label": _("Reopened"), "detail": ""})
    return steps


class FeedbackTrackView(TemplateView):
    """`/feedback/track/?code=`: the public status, handling unit, due date, timeline and
    outcome of one problem; once it is resolved, the enterprise rates the outcome here
    (POST, with the phone it gave; throttled like the feedback form)."""

    template_name = "enterprises/feedback_track.html"

    def get(self, request, *args, **kwargs):
        form = TrackForm(request.GET or None)
        return self.show(form, RatingForm())

    def show(self, form, rating, status=200, reopen=None):
        problem = None
        if form.is_bound:
            if form.is_valid():
                # The tracking code is the capability: whoever holds it sees the public fields
                # of that one problem (the ledger itself is closed to the public).
                problem = public_problem(form.cleaned_data["code"])
                if problem is None:
                    form.add_error("code", _("No problem has this tracking code."))
                    status = 404
            else:
                status = 400
        return self.render_to_response(
            self.get_context_data(
                form=form, problem=problem, rating=rating, reopen=reopen or ReopenForm()
            ),
            status=status,
        )

    def post(self, request, *args, **kwargs):
        form = TrackForm(request.POST)
        rating = RatingForm(request.POST)
        throttle = FeedbackRateThrottle()
        if not throttle.allow_request(request, self):
            rating.add_error(None, _("Too many attempts from your address. Try again later."))
            return self.show(form, rating, status=429)
        if "reason" in request.POST:
            return self.reopen(request, form)
        if not (form.is_valid() and rating.is_valid()):
            return self.show(form, rating, status=400)
        try:
            problem_rate(tracking_code=form.cleaned_data["code"], **rating.cleaned_data)
        except ValidationError as error:
            _attach_errors(rating, error)
            return self.show(form, rating, status=400)
        messages.success(request, _("Thank you: your rating was recorded."))
        url = reverse("enterprises:track") + "?" + urlencode({"code": form.cleaned_data["code"]})
        return redirect(url)

    def reopen(self, request, form):
        """POST with a reason: the enterprise reopens its problem (`problem_reopen`)."""
        reopen = ReopenForm(request.POST)
        if not (form.is_valid() and reopen.is_valid()):
            return self.show(form, RatingForm(), status=400, reopen=reopen)
        try:
            problem_reopen(tracking_code=form.cleaned_data["code"], **reopen.cleaned_data)
        except ValidationError as error:
            _attach_errors(reopen, error)
            return self.show(form, RatingForm(), status=400, reopen=reopen)
        messages.success(request, _("Your problem was reopened: it is back with its handler."))
        url = reverse("enterprises:track") + "?" + urlencode({"code": form.cleaned_data["code"]})
        return redirect(url)
