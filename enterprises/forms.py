"""Public forms of the problem ledger: an enterprise's feedback, the tracking look-up, the
rating of the outcome."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from districts.models import District

from .choices import ProblemCategory, Satisfaction, VisitMode
from .models import DESCRIPTION_MAX_LENGTH, Problem
from .services import FEEDBACK_FIELDS, FEEDBACK_REQUIRED


class FeedbackForm(forms.ModelForm):
    """What an enterprise tells us about a problem; handed to `problem_submit_feedback`.

    Fields and their limits come from the Problem model and the service's intake lists, as
    the API's serializer does, so the page and the API accept the same input; the page adds
    a photo (the JSON API takes no files), checked by the model like the admin's. Only the
    wording and the widgets are the page's own.
    """

    required_css_class = "required"

    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="code",
        help_text=_("Where the enterprise or the problem is."),
    )

    class Meta:
        model = Problem
        fields = (*FEEDBACK_FIELDS, "photo")
        labels = {
            "submitter_company": _("Company name"),
            "submitter_credit_code": _("Unified social credit code"),
            "submitter_name": _("Contact name"),
            "submitter_phone": _("Phone"),
            "category": _("Category"),
            "title": _("Title"),
            "description": _("Description"),
            "photo": _("Photo"),
        }
        help_texts = {
            "submitter_credit_code": _(
                "18 characters, optional; lets us link the problem to your enterprise."
            ),
            "submitter_phone": _("Only officials handling the problem see your contact details."),
            "description": _("What is the problem, since when, and what help do you need?"),
            "photo": format_lazy(
                _("Optional: a photo of the problem (an image file of at most {size} MB)."),
                size=settings.MAX_PHOTO_BYTES // (1024 * 1024),
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            # A phone keypad on phones.
            "submitter_phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
            ),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FEEDBACK_REQUIRED:
            self.fields[name].required = True


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=24,
        help_text=_("The code shown when you submitted the problem, e.g. WQ-20220512-ABC234."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class RatingForm(forms.Form):
    """The enterprise rates the outcome of its resolved problem (`problem_rate`)."""

    phone = forms.CharField(
        label=_("The phone you gave"),
        max_length=30,
        help_text=_("The number given with the problem, or your enterprise's contact phone."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the outcome?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )


class ReopenForm(forms.Form):
    """The enterprise reopens its resolved problem, saying why (`problem_reopen`)."""

    phone = forms.CharField(
        label=_("The phone you gave"),
        max_length=30,
        help_text=_("The number given with the problem, or your enterprise's contact phone."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    reason = forms.CharField(
        label=_("Why is the problem not resolved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QuickVisitForm(forms.Form):
    """A visit on a phone, from the cadre's home (`visit_record`): the date is today unless
    changed, the mode a visit; a photo straight from the camera."""

    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    visited_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=VisitMode.choices, initial=VisitMode.VISIT)
    summary = forms.CharField(
        label=_("What was discussed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class QuickProblemForm(forms.Form):
    """A problem met on a visit, from the visit's page (`problem_raise_from_visit`)."""

    description = forms.CharField(
        label=_("The problem"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Its first line is its title."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=ProblemCategory.choices)
