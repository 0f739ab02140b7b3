"""Rules of the key-project models (projects/models.py) that the database and model
validation enforce, whatever the write path."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from projects.models import AnnualPlan, Photo, ProgressReport
from tests.factories import (
    AnnualPlanFactory,
    FundingFactory,
    PhotoFactory,
    ProgressReportFactory,
    ProjectFactory,
)
from tests.helpers import integrity_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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
