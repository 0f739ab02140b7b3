"""Public pages of the problem ledger: an enterprise submits a problem, then tracks it."""

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rest_framework.throttling import AnonRateThrottle

from .choices import ProblemCategory, ProblemStatus
from .forms import FeedbackForm, TrackForm
from .models import Problem
from .services import problem_submit_feedback

# What the public may see of a problem, given its tracking code: status and outcome only,
# never the submitter, the enterprise's contacts, the assignee or internal notes.
PUBLIC_PROBLEM_FIELDS = (
    "tracking_code",
    "title",
    "category",
    "district__name",
    "raised_on",
    "status",
    "accepted_on",
    "due_date",
    "resolution",
    "resolved_on",
    "closed_on",
    "rejection_reason",
)


class FeedbackRateThrottle(AnonRateThrottle):
    """Anonymous feedback per client address, at REST_FRAMEWORK's "feedback" rate
    (settings FEEDBACK_RATE). The page and the API share the scope, so one budget covers both.
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


class FeedbackTrackView(TemplateView):
    """`/feedback/track/?code=`: the public status and outcome of one problem."""

    template_name = "enterprises/feedback_track.html"

    def get(self, request, *args, **kwargs):
        form = TrackForm(request.GET or None)
        problem = None
        status = 200
        if form.is_bound:
            if form.is_valid():
                # The tracking code is the capability: whoever holds it sees the public fields
                # of that one problem (the ledger itself is closed to the public).
                problem = (
                    Problem.objects.filter(tracking_code=form.cleaned_data["code"])
                    .values(*PUBLIC_PROBLEM_FIELDS)
                    .first()
                )
                if problem is None:
                    form.add_error("code", _("No problem has this tracking code."))
                    status = 404
                else:
                    problem["status_label"] = ProblemStatus(problem["status"]).label
                    problem["category_label"] = ProblemCategory(problem["category"]).label
            else:
                status = 400
        return self.render_to_response(
            self.get_context_data(form=form, problem=problem), status=status
        )
