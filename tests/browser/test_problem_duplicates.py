"""Duplicates on intake (issue 19), in a real browser over the Puyang demo: in the admin's
form for a new problem, once the enterprise (its search box) and the category are chosen,
the enterprise's open problems of that category are listed under the enterprise (tracking
code linked, title, status, day raised) and choosing one marks the new problem its duplicate."""

import pytest
from django.utils import translation

from enterprises.choices import OPEN_STATUSES
from enterprises.models import Problem
from tests.live import as_the_server

from .test_csp import admin_page  # noqa: F401


@pytest.mark.commits  # the live server must see the login and keeps the problem saved
def test_a_new_problem_is_marked_a_duplicate_of_an_open_one_listed_on_intake(admin_page):  # noqa: F811
    """As a city administrator (test_csp's login)."""
    page = admin_page
    original = (
        Problem.objects.filter(
            status__in=OPEN_STATUSES, duplicate_of__isnull=True, enterprise__isnull=False
        )
        .select_related("enterprise")
        .order_by("raised_on", "pk")
        .first()
    )
    enterprise = original.enterprise
    listed = Problem.objects.filter(
        enterprise=enterprise,
        category=original.category,
        status__in=OPEN_STATUSES,
        duplicate_of__isnull=True,
    )
    page.goto("/admin/enterprises/problem/add/")
    page.fill("#id_title", "浏览器测试：重复反映")
    page.fill("#id_description", "同一问题再次反映")
    page.select_option("#id_category", original.category)
    page.click(".field-enterprise .select2-selection")
    page.fill(".select2-search__field", enterprise.name)
    page.locator(".select2-results__option", has_text=enterprise.name).first.click()

    box = page.locator("#problem-duplicates")
    box.locator("li a").first.wait_for()
    # Right under the enterprise's row, one line per open original of the category.
    assert (
        page.evaluate("() => document.querySelector('.field-enterprise').nextElementSibling.id")
        == "problem-duplicates"
    )
    assert box.locator("li a").count() == listed.count()
    line = box.locator("li", has_text=original.tracking_code)
    text = line.inner_text()
    assert original.title in text and str(original.raised_on) in text
    with translation.override("zh-hans"):  # the page is in Chinese
        assert original.get_status_display() in text
    assert (
        line.locator("a").get_attribute("href").endswith(f"?tracking_code={original.tracking_code}")
    )
    line.locator("input[type=radio]").check()
    assert page.input_value("#id_duplicate_code") == original.tracking_code

    page.select_option("#id_district", str(enterprise.district_id))
    page.select_option("#id_source", "visit")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success, .errornote")
    assert not page.locator(".errornote").count(), page.locator(".errorlist").all_inner_texts()
    created = as_the_server(
        lambda: Problem.objects.filter(title="浏览器测试：重复反映").values_list(
            "duplicate_of__tracking_code", "status"
        )[0]
    )
    assert created == (original.tracking_code, original.status)
