"""Rules the database and model validation enforce, whatever the write path."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from core.validators import validate_credit_code
from enterprises.models import Enterprise, Problem
from projects.models import AnnualPlan, Photo, ProgressReport
from tests.factories import (
    AnnualPlanFactory,
    EnterpriseFactory,
    FundingFactory,
    PhotoFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the msgid language."""
    with translation.override("en"):
        yield


def integrity_error(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_a_report_needs_its_year_s_annual_plan():
    plan = AnnualPlanFactory(year=2022)
    ProgressReport(project=plan.project, year=2022, month=3).full_clean()
    with pytest.raises(ValidationError) as error:
        ProgressReport(project=plan.project, year=2023, month=3).full_clean()
    assert "no annual plan for 2023" in error.value.message_dict["year"][0]


def test_one_report_per_project_and_month_with_a_clear_message():
    report = ProgressReportFactory(month=3)
    AnnualPlanFactory(project=report.project, year=report.year)
    duplicate = ProgressReport(project=report.project, year=report.year, month=3)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has a report for this month" in str(error.value)
    integrity_error(ProgressReportFactory, project=report.project, year=report.year, month=3)


def test_one_annual_plan_per_project_and_year():
    plan = AnnualPlanFactory(year=2022)
    with pytest.raises(ValidationError):
        AnnualPlan(project=plan.project, year=2022, planned_investment=1).full_clean()
    integrity_error(AnnualPlanFactory, project=plan.project, year=2022)


@pytest.mark.parametrize("month", [0, 13])
def test_month_is_1_to_12(month):
    with pytest.raises(ValidationError) as error:
        ProgressReportFactory.build(project=ProjectFactory(), month=month).full_clean()
    assert "month" in error.value.message_dict
    integrity_error(ProgressReportFactory, month=month)


def test_amounts_are_never_negative():
    with pytest.raises(ValidationError) as error:
        ProjectFactory.build(district=ProjectFactory().district, total_investment=-1).full_clean()
    assert "total_investment" in error.value.message_dict
    integrity_error(ProjectFactory, total_investment=-1)
    integrity_error(ProgressReportFactory, completed_investment=-5)
    integrity_error(FundingFactory, secured=10, disbursed=11)


def test_completion_not_before_start():
    project = ProjectFactory.build(
        district=ProjectFactory().district,
        actual_start=datetime.date(2022, 5, 1),
        actual_completion=datetime.date(2022, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "Completion cannot be before the start" in str(error.value)
    integrity_error(
        ProjectFactory,
        actual_start=datetime.date(2022, 5, 1),
        actual_completion=datetime.date(2022, 4, 1),
    )


def test_project_code_is_unique():
    project = ProjectFactory()
    integrity_error(ProjectFactory, code=project.code)


def test_credit_codes_are_checked():
    validate_credit_code("91350100M000100Y43")  # the example of DESIGN.md
    for bad in ["91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", ""]:
        with pytest.raises(ValidationError):
            validate_credit_code(bad)
    enterprise = EnterpriseFactory.build(district=EnterpriseFactory().district, credit_code="123")
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean(exclude=["industry"])
    assert "credit_code" in error.value.message_dict


def test_credit_code_is_stored_in_one_form():
    enterprise = EnterpriseFactory(credit_code=" 91350100-m000100y43 ")
    assert Enterprise.objects.get(pk=enterprise.pk).credit_code == "91350100M000100Y43"
    problem = ProblemFactory(submitter_credit_code="91350100 M000 100Y43")
    assert Problem.objects.get(pk=problem.pk).submitter_credit_code == "91350100M000100Y43"


def test_a_credit_code_written_differently_is_still_a_duplicate():
    enterprise = EnterpriseFactory(credit_code="91350100M000100Y43")
    twin = EnterpriseFactory.build(district=enterprise.district, credit_code="91350100-m000100y43")
    with pytest.raises(ValidationError) as error:
        twin.full_clean(exclude=["industry"])
    assert error.value.message_dict["credit_code"] == [
        "Enterprise with this Unified social credit code already exists."
    ]


def test_problems_get_a_readable_unique_tracking_code():
    codes = {ProblemFactory().tracking_code for _ in range(20)}
    assert len(codes) == 20
    assert all(re.fullmatch(r"WQ-\d{8}-[2-9A-HJ-NP-Z]{6}", code) for code in codes)


def test_closed_problems_need_a_rating_and_rejected_ones_a_reason():
    integrity_error(ProblemFactory, status="rejected", rejection_reason="")
    integrity_error(ProblemFactory, closed=True, satisfaction="")
    integrity_error(ProblemFactory, status="resolved", resolution="")


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {"resolved": True, "resolved_on": datetime.date(1990, 1, 1)},
            "A problem cannot be resolved before it was raised.",
        ),
        (
            {"due_date": datetime.date(2022, 5, 1)},
            "The due date cannot be before the problem was raised.",
        ),
        (
            {"accepted": True, "accepted_on": datetime.date(2022, 5, 1)},
            "A problem cannot be accepted before it was raised.",
        ),
        (
            {"closed": True, "closed_on": datetime.date(2022, 6, 1)},
            "A problem cannot be closed before it was resolved.",
        ),
    ],
)
def test_problem_dates_follow_each_other(dates, message):
    """Raised on 2022-05-12 (the factory's date); each other date is before its predecessor."""
    problem = ProblemFactory.build(district=ProblemFactory().district, enterprise=None, **dates)
    with pytest.raises(ValidationError) as error:
        problem.full_clean()
    assert error.value.messages == [message]
    integrity_error(ProblemFactory, **dates)


def test_photos_must_be_real_images():
    project = ProjectFactory()
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    from django.forms import modelform_factory

    form_class = modelform_factory(Photo, fields=["project", "image", "caption"])
    form = form_class(data={"project": project.pk, "caption": "c"}, files={"image": fake})
    assert not form.is_valid()
    assert "image" in form.errors


@override_settings(MAX_PHOTO_BYTES=100)
def test_photos_have_a_bounded_size():
    photo = PhotoFactory.build(project=ProjectFactory())
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "limit" in str(error.value.message_dict["image"])


def test_history_records_changes():
    report = ProgressReportFactory()
    report.completed_investment = 5
    report.save()
    assert report.history.count() == 2
