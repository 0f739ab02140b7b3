"""`/api/v1/notifications/`: the caller's own reminders, newest first, `unread=true`, and
`POST <id>/read/`."""

import pytest

from core.notify import notify
from core.roles import Role
from tests.admin.helpers import make_official
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


def test_own_reminders_newest_first_and_unread_filter(token_client, api_client):
    district = DistrictFactory()
    me = make_official(Role.REPORTER, district, username="me")
    other = make_official(Role.REPORTER, district, username="other")
    first = notify(key="1", recipient=me, kind="filing_due", title="First")
    notify(key="2", recipient=me, kind="filing_due", title="Second")
    notify(key="3", recipient=other, kind="filing_due", title="Other's")
    client = token_client(me)

    body = client.get(URL).json()
    assert [row["title"] for row in body["results"]] == ["Second", "First"]
    assert body["results"][0]["unread"] is True

    response = client.post(f"{URL}{first.pk}/read/")
    assert response.status_code == 200 and response.json()["unread"] is False
    assert [row["title"] for row in client.get(URL, {"unread": "true"}).json()["results"]] == [
        "Second"
    ]
    assert [row["title"] for row in client.get(URL, {"unread": "false"}).json()["results"]] == [
        "First"
    ]
    assert client.get(URL, {"unread": "maybe"}).status_code == 400
    # Another's reminder: not found, not marked.
    others = other.notifications.get()
    assert client.post(f"{URL}{others.pk}/read/").status_code == 404
    others.refresh_from_db()
    assert others.read_at is None
    assert api_client.get(URL).status_code == 401
