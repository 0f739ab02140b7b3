"""Fixtures of the API tests: the two-district world (`world`, tests/world.py) with a client
per viewer (answers in English, so tests read data), and a few rows more."""

import pytest
from rest_framework.test import APIClient

from enterprises.choices import ProblemStatus
from projects.choices import ReportStatus
from tests.factories import ProblemFactory, ProgressReportFactory


@pytest.fixture
def submitted(world):
    """A submitted report of 华龙区, waiting for its reviewer."""
    return ProgressReportFactory(
        project=world.hualong.project, year=2022, month=3, status=ReportStatus.SUBMITTED
    )


@pytest.fixture
def accepted_problem(world):
    return ProblemFactory(district=world.hualong.district, status=ProblemStatus.ACCEPTED)


@pytest.fixture(scope="session")
def openapi(django_db_setup, django_db_blocker):
    """The OpenAPI document as /api/v1/schema/ serves it (generated once per run)."""
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()
