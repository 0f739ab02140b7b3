"""我的提醒 in the admin: the unread count in the header of every page, the list (own
reminders only, newest first), marking read one by one, all at once, or by opening one."""

import pytest

from core.models import Notification
from core.notify import notify

from .helpers import client_for

pytestmark = pytest.mark.django_db


def remind(user, key, title="Reminder", url="/admin/review/"):
    return notify(key=key, recipient=user, kind="test", title=title, body="…", url=url)


def test_the_header_shows_the_unread_count_on_every_admin_page(world):
    remind(world.reporter, "a")
    remind(world.reporter, "b")
    remind(world.reviewer, "c")
    client = client_for(world.reporter)
    for url in ("/admin/", "/admin/projects/project/", "/admin/workbench/"):
        page = client.get(url).content.decode()
        assert 'id="inbox-link"' in page and '<span class="unread-count"' in page, url
        assert 'aria-label="unread">2</span>' in page, url


def test_the_inbox_lists_own_reminders_newest_first(world):
    remind(world.reporter, "old", "Older")
    remind(world.reporter, "new", "Newer")
    remind(world.reviewer, "theirs", "Not yours")
    response = client_for(world.reporter).get("/admin/inbox/")
    titles = [n.title for n in response.context["page"].object_list]
    assert titles == ["Newer", "Older"]
    assert "Not yours" not in response.content.decode()


def test_mark_read_one_and_all(world):
    first = remind(world.reporter, "a")
    remind(world.reporter, "b")
    theirs = remind(world.reviewer, "c")
    client = client_for(world.reporter)
    client.post("/admin/inbox/read/", {"id": [first.pk, theirs.pk]})
    assert list(Notification.objects.unread().values_list("key", flat=True).order_by("key")) == [
        "b",
        "c",
    ]
    response = client.get("/admin/inbox/?unread=true")
    assert [n.key for n in response.context["page"].object_list] == ["b"]
    client.post("/admin/inbox/read/", {"all": "1"})
    assert list(Notification.objects.unread().values_list("key", flat=True)) == ["c"]
    assert "unread-count" not in client.get("/admin/").content.decode()


def test_opening_a_reminder_marks_it_read_and_leads_to_its_list(world):
    note = remind(world.reporter, "a", url="/admin/workbench/?period=2022-04")
    response = client_for(world.reporter).get(f"/admin/inbox/{note.pk}/")
    assert response.status_code == 302 and response.url == "/admin/workbench/?period=2022-04"
    note.refresh_from_db()
    assert note.read_at is not None
    # Another's reminder is not found, and stays unread.
    theirs = remind(world.reviewer, "b")
    assert client_for(world.reporter).get(f"/admin/inbox/{theirs.pk}/").status_code == 404


def test_a_reminder_is_recorded_once_per_key(world):
    assert remind(world.reporter, "same") is not None
    assert remind(world.reporter, "same") is None
    assert Notification.objects.count() == 1


def test_grouped_by_kind_and_unit_reports_to_file_and_returned_first_with_filters(world):
    def note(key, kind, unit):
        return notify(key=key, recipient=world.city_admin, kind=kind, unit=unit, title=key)

    note("escalated-hl", "problem_escalated", "华龙区")
    note("milestone-jk", "milestone_overdue", "开发区")
    note("returned-hl", "report_returned", "华龙区")
    note("due-jk", "filing_due", "开发区")
    note("due-hl", "filing_due", "华龙区")
    client = client_for(world.city_admin)
    response = client.get("/admin/inbox/")
    listed = [(n.kind, n.unit) for n in response.context["page"].object_list]
    # Kinds in core.notify.KINDS' order (reports to file, returned, …), units by name.
    assert listed == [
        ("filing_due", "华龙区"),
        ("filing_due", "开发区"),
        ("report_returned", "华龙区"),
        ("problem_escalated", "华龙区"),
        ("milestone_overdue", "开发区"),
    ]
    page = response.content.decode()
    assert page.index('data-kind="filing_due"') < page.index('data-kind="report_returned"')
    assert page.count('class="reminder-group"') == 5
    # Filters: by kind, by unit (the API's FilterSet); chips count within the other filter.
    response = client.get("/admin/inbox/?unit=华龙区")
    assert [n.key for n in response.context["page"].object_list] == [
        "due-hl",
        "returned-hl",
        "escalated-hl",
    ]
    assert [(c["label"], c["n"]) for c in response.context["unit_chips"]] == [
        ("华龙区", 3),
        ("开发区", 2),
    ]
    response = client.get("/admin/inbox/?kind=filing_due&unread=true")
    assert [n.key for n in response.context["page"].object_list] == ["due-hl", "due-jk"]
    assert client.get("/admin/inbox/?unread=yes").status_code == 400
