"""Closing a month and a returned report's month, in a real browser over the Puyang demo
(January to April 2023 closed, May open): the city administrator closes May with the plain
button 关闭本月并发布 after a page that says it publishes the month; a reporter's returned
reports lead to their own month's card, or, for a closed month, say the 补报 route."""

from core.models import PeriodStatus, PeriodVersion, ReportingPeriod
from projects.choices import ReportStatus
from projects.models import ProgressReport, Project
from tests.factories import ProgressReportFactory

from . import test_workbench

# The officials' browser fixtures (a demo with May open; logged-in tabs) of test_workbench.
cycle, open_tab = test_workbench.cycle, test_workbench.open_tab


def test_the_city_admin_closes_and_publishes_may_after_reading_what_happens(
    cycle,
    open_tab,
    screenshot,
):
    page, errors = open_tab("chenjing", "desktop")
    page.goto("/admin/core/reportingperiod/")
    assert page.locator("#period-open-next").inner_text() == "开放下月"
    page.click("#period-close-current")
    consequences = page.locator(".period-consequences").inner_text()
    assert "2023 年 5 月 将关闭并发布。" in consequences
    assert "存为第 1 版" in consequences and "补报" in consequences
    screenshot(page, "period-close-confirm")
    assert ReportingPeriod.objects.get(year=2023, month=5).status == PeriodStatus.OPEN
    page.click("input[type=submit].default")
    page.wait_for_url("**/admin/core/reportingperiod/")
    assert "2023 年 5 月 已关闭，并发布为第 1 版。" in page.locator(".messagelist").inner_text()
    may = ReportingPeriod.objects.get(year=2023, month=5)
    assert may.status == PeriodStatus.CLOSED and PeriodVersion.objects.filter(period=may).exists()
    screenshot(page, "period-list-after-closing")
    assert not errors, errors


def test_returned_reports_lead_to_their_own_month_or_the_late_report_route(
    cycle,
    open_tab,
    screenshot,
):
    april = ProgressReport.objects.filter(
        project__district__code="hualong", year=2023, month=4
    ).first()
    ProgressReport.objects.filter(pk=april.pk).update(
        status=ReportStatus.RETURNED, return_reason="四月数字有误"
    )
    project = (
        Project.objects.filter(district__code="hualong", annual_plans__year=2023)
        .exclude(reports__year=2023, reports__month=5)
        .first()
    )
    may = ProgressReportFactory(
        project=project, year=2023, month=5, returned=True, return_reason="五月附件缺失"
    )
    page, errors = open_tab("zhangwei", "phone")
    returned = page.locator("#returned-reports li")
    april_item = returned.filter(has_text=april.project.name)
    assert "2023 年 4 月已关闭：更正须作为补报" in april_item.inner_text()
    assert "workbench" not in april_item.locator("a").get_attribute("href")
    screenshot(page, "reporter-home-returned")
    returned.filter(has_text=project.name).locator("a").click()
    page.wait_for_url(f"**/admin/workbench/?period=2023-05#p{project.pk}")
    assert "2023 年 5 月" in page.locator("#content").inner_text()
    assert page.locator(f"#p{project.pk}").is_visible()
    assert may.return_reason in page.locator(f"#p{project.pk}").inner_text()
    screenshot(page, "workbench-returned-may")
    assert not errors, errors
