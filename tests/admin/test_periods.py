"""Reporting periods in the admin: two plain buttons (开放下月, 关闭本月并发布), each through a
page that states what will happen; and the one month format, "2023 年 5 月"."""

import datetime

import pytest
from django.utils import translation

from core.models import PeriodStatus, PeriodVersion, ReportingPeriod
from core.period import Period, month_label

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db

LIST = admin_url(ReportingPeriod)
OPEN_NEXT = LIST + "open-next/"
CLOSE = LIST + "close-current/"


def chinese(user):
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def test_one_month_format_in_chinese_and_in_english():
    with translation.override("zh-hans"):
        assert month_label(2023, 5) == "2023 年 5 月"
        assert month_label(2023, 12) == "2023 年 12 月"
        assert Period(2023, 4).label == "2023 年 4 月"
    with translation.override("en"):
        assert month_label(2023, 5) == "May 2023"
        assert Period(2023, 4).label == "April 2023"


def test_the_city_admin_has_the_two_buttons_and_others_do_not(world):
    ReportingPeriod.objects.create(year=2023, month=5)
    page = chinese(world.city_admin).get(LIST).content.decode()
    assert ">开放下月</a>" in page and ">关闭本月并发布</a>" in page
    assert "2023 年 5 月" in page  # the month in the list, in the one format
    assert 'name="action"' not in page  # no action dropdown any more
    reporter = client_for(world.reporter)
    listed = reporter.get(LIST)
    if listed.status_code == 200:
        assert "period-open-next" not in listed.content.decode()
    assert reporter.get(CLOSE).status_code == 403
    assert reporter.post(CLOSE).status_code == 403
    assert reporter.post(OPEN_NEXT).status_code == 403
    assert ReportingPeriod.objects.get().status == PeriodStatus.OPEN


def test_closing_says_that_it_publishes_then_publishes_version_1(world):
    ReportingPeriod.objects.create(year=2023, month=4, status=PeriodStatus.CLOSED)
    may = ReportingPeriod.objects.create(year=2023, month=5, deadline=datetime.date(2023, 6, 5))
    client = chinese(world.city_admin)
    page = client.get(CLOSE).content.decode()
    assert "2023 年 5 月 将关闭并发布。" in page
    assert "存为第 1 版" in page and "补报" in page and "不再重新开放" in page
    assert 'value="关闭并发布 2023 年 5 月"' in page
    may.refresh_from_db()
    assert may.status == PeriodStatus.OPEN  # looking changes nothing

    response = client.post(CLOSE, follow=True)
    may.refresh_from_db()
    assert may.status == PeriodStatus.CLOSED and may.closed_by == world.city_admin
    assert PeriodVersion.objects.get(period=may).number == 1
    assert "2023 年 5 月 已关闭，并发布为第 1 版。" in response.content.decode()


def test_closing_with_no_open_month_says_so_and_offers_no_button(world):
    ReportingPeriod.objects.create(year=2023, month=5, status=PeriodStatus.CLOSED)
    client = chinese(world.city_admin)
    page = client.get(CLOSE).content.decode()
    assert "没有开放的填报周期。" in page and 'class="default"' not in page
    response = client.post(CLOSE, follow=True)
    assert "没有开放的填报周期。" in response.content.decode()


def test_opening_the_next_month_states_its_deadline_then_opens_it(world):
    ReportingPeriod.objects.create(year=2023, month=5, status=PeriodStatus.CLOSED)
    client = chinese(world.city_admin)
    page = client.get(OPEN_NEXT).content.decode()
    # June's reports are due by the 5th of July (settings.REPORTING_DEADLINE_DAY).
    assert "将开放 2023 年 6 月 的填报。" in page and "截止 2023年7月5日" in page
    assert ReportingPeriod.objects.count() == 1

    response = client.post(OPEN_NEXT, follow=True)
    june = ReportingPeriod.objects.get(year=2023, month=6)
    assert june.status == PeriodStatus.OPEN and june.deadline == datetime.date(2023, 7, 5)
    assert "2023 年 6 月 已开放填报。" in response.content.decode()
    # The newest is now June: the next click would open July, not June twice.
    assert "将开放 2023 年 7 月 的填报。" in client.get(OPEN_NEXT).content.decode()


def test_a_month_that_has_not_begun_is_not_opened(world):
    today = datetime.date.today()
    ReportingPeriod.objects.create(year=today.year, month=today.month)
    client = chinese(world.city_admin)
    page = client.get(OPEN_NEXT).content.decode()
    assert "尚未开始" in page and 'class="default"' not in page
    client.post(OPEN_NEXT)
    assert ReportingPeriod.objects.count() == 1
