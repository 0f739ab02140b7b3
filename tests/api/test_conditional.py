"""Conditional requests (DESIGN.md "Sync"): ETag and Last-Modified on list, detail and
statistics responses; a matching If-None-Match or If-Modified-Since answers 304 with no
body and at most one query (the data stamp, read from the database cache); a committed write
changes both validators; a published month's statistics keep theirs whatever is written.
"""

import hashlib

import pytest
from django.utils.http import http_date, parse_http_date

from core.models import PeriodStatus, ReportingPeriod
from core.services import period_close

LIST = "/api/v1/projects/"
STATS = "/api/v1/stats/districts/"


def commit_write(capture, project, **fields):
    """A write as a request makes it: saved, then committed (the stamp follows the commit)."""
    with capture(execute=True):
        for name, value in fields.items():
            setattr(project, name, value)
        project.save()


@pytest.mark.parametrize("url", [LIST, "detail", STATS, "/api/v1/districts/"])
def test_an_unchanged_response_answers_304_with_one_query(
    world, api_client, url, django_assert_max_num_queries
):
    url = f"{LIST}{world.hualong.project.code}/" if url == "detail" else url
    first = api_client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    parse_http_date(first["Last-Modified"])  # a valid HTTP date

    with django_assert_max_num_queries(1):
        again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    with django_assert_max_num_queries(1):
        since = api_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_committed_write_changes_the_validators(
    world, api_client, django_capture_on_commit_callbacks
):
    first = api_client.get(LIST)
    commit_write(django_capture_on_commit_callbacks, world.hualong.project, name="改名后的项目")

    again = api_client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "改名后的项目" in again.content.decode()
    # Last-Modified moves on by at least a second, so If-Modified-Since sees the change too.
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    since = api_client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200


def test_two_writes_within_a_second_get_two_seconds(
    world, api_client, django_capture_on_commit_callbacks
):
    project = world.hualong.project
    commit_write(django_capture_on_commit_callbacks, project, name="一")
    first = parse_http_date(api_client.get(LIST)["Last-Modified"])
    commit_write(django_capture_on_commit_callbacks, project, name="二")
    second = api_client.get(LIST, HTTP_IF_MODIFIED_SINCE=http_date(first))
    assert second.status_code == 200
    assert parse_http_date(second["Last-Modified"]) == first + 1


def test_viewers_get_their_own_validators(world, api_client, token_client):
    public = api_client.get(LIST)
    admin = token_client(world.users["city_admin"])
    official = admin.get(LIST, HTTP_IF_NONE_MATCH=public["ETag"])
    # The official's list has the unpublished projects: the public's copy is not its copy.
    assert official.status_code == 200
    assert official["ETag"] != public["ETag"]
    assert admin.get(LIST, HTTP_IF_NONE_MATCH=official["ETag"]).status_code == 304


def test_other_query_other_validators(world, api_client):
    one = api_client.get(LIST, {"district": world.hualong.district.code})
    other = api_client.get(LIST, {"district": world.jingkai.district.code})
    assert one["ETag"] != other["ETag"]
    assert (
        api_client.get(
            LIST, {"district": world.jingkai.district.code}, HTTP_IF_NONE_MATCH=one["ETag"]
        ).status_code
        == 200
    )


def test_bad_input_is_still_a_400(world, api_client):
    response = api_client.get(STATS, {"year": "x"}, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_published_month_keeps_its_etag_through_writes(
    world, api_client, token_client, django_capture_on_commit_callbacks
):
    period = ReportingPeriod.objects.create(year=2023, month=1, status=PeriodStatus.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        period_close(period=period, user=world.users["city_admin"])
    month = {"year": 2023, "month": 1}
    first = api_client.get(STATS, month)
    assert first.status_code == 200
    assert first.json()["version"] == 1
    published_at = period.versions.get().published_at
    assert first["Last-Modified"] == http_date(int(published_at.timestamp()))

    commit_write(django_capture_on_commit_callbacks, world.hualong.project, name="又改名")
    assert api_client.get(STATS, month, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # …but a live list follows the write, and the city's record is another record.
    admin = token_client(world.users["city_admin"])
    assert admin.get(STATS, month, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_reminders_are_answered_by_their_content(world, token_client):
    """Reminders are no tracked rows: their ETag is their content's hash (Django's
    ConditionalGetMiddleware), never the data stamp."""
    client = token_client(world.users["city_admin"])
    first = client.get("/api/v1/notifications/")
    assert first["ETag"] == f'"{hashlib.md5(first.content).hexdigest()}"'
    assert not first.has_header("Last-Modified")
