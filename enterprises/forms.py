"""Public forms of the problem ledger: an enterprise's feedback and the tracking look-up."""

from django import forms
from django.conf import settings
from django.db.models import BLANK_CHOICE_DASH
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import normalize_credit_code, validate_credit_code, validate_photo_size
from districts.models import District

from .choices import ProblemCategory, Satisfaction
from .models import Problem


class FeedbackForm(forms.Form):
    """What an enterprise tells us about a problem; handed to `problem_submit_feedback`.

    Field limits come from the Problem model so the form and the ledger agree; the photo is
    checked like the admin's (a real image, at most MAX_PHOTO_BYTES).
    """

    required_css_class = "required"

    submitter_company = forms.CharField(
        label=_("Company name"),
        max_length=Problem._meta.get_field("submitter_company").max_length,
    )
    submitter_credit_code = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=18,
        help_text=_("18 characters, optional; lets us link the problem to your enterprise."),
        validators=[validate_credit_code],
    )
    submitter_name = forms.CharField(
        label=_("Contact name"), max_length=Problem._meta.get_field("submitter_name").max_length
    )
    submitter_phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^[0-9+\-() ]{5,30}$",
        max_length=30,
        # A phone keypad on phones.
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"invalid": _("Enter a phone number: digits, spaces, + - ( ) only.")},
        help_text=_("Only officials handling the problem see your contact details."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="code",
        help_text=_("Where the enterprise or the problem is."),
    )
    # No category chosen in advance: the enterprise picks one.
    category = forms.ChoiceField(
        label=_("Category"), choices=BLANK_CHOICE_DASH + ProblemCategory.choices
    )
    title = forms.CharField(
        label=_("Title"), max_length=Problem._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What is the problem, since when, and what help do you need?"),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        validators=[validate_photo_size],
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=format_lazy(
            _("Optional: a photo of the problem (an image file of at most {size} MB)."),
            size=settings.MAX_PHOTO_BYTES // (1024 * 1024),
        ),
    )

    def clean_submitter_credit_code(self):
        return normalize_credit_code(self.cleaned_data["submitter_credit_code"])

    def clean(self):
        cleaned = super().clean()
        for name in ("submitter_company", "submitter_name", "title", "description"):
            if name in cleaned and not cleaned[name].strip():
                self.add_error(name, _("This field is required."))
        return cleaned


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
