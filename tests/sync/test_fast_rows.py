"""The projects feed is written without DRF (sync.fast), and must say exactly what the
serializer says: compared row by row on the varied world (every stage, level, light …)."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory
from rest_framework.utils.encoders import JSONEncoder

from sync.resources import RESOURCES
from tests.factories import FundingFactory, MilestoneFactory


@pytest.mark.parametrize("viewer", ["anonymous", "city_admin"])
def test_the_fast_rows_equal_the_serializer(varied_world, viewer, english):
    """The feed's projects are written without DRF (sync.fast): row for row, field for field,
    they are what FeedProjectSerializer makes of them, for every viewer and language."""
    world = varied_world
    project = world.hualong.project
    MilestoneFactory(project=project, actual_date=None)
    FundingFactory(project=project, year=2022)
    project.latitude, project.longitude = Decimal("35.7617"), Decimal("115.0292")
    project.save()
    request = APIRequestFactory().get("/api/v1/feed/projects.ndjson")
    request.user = world.users[viewer] if viewer != "anonymous" else AnonymousUser()
    resource = RESOURCES["project"]
    fast = json.loads(json.dumps(list(resource.rows(request, chunk_size=3)), cls=JSONEncoder))
    slow = json.loads(json.dumps(list(resource.serialized_rows(request)), cls=JSONEncoder))
    assert len(fast) == len(slow) >= 2
    for fast_row, slow_row in zip(fast, slow, strict=True):
        assert fast_row == slow_row
    assert any(row["milestones"] for row in fast) and any(row["funding"] for row in fast)
    assert any(row["figures"]["completion_rate"] is not None for row in fast)
