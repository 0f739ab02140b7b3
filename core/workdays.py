"""The Chinese working-day calendar (工作日): weekdays, less the statutory holidays, plus the
adjusted working days (调休, a Saturday or Sunday worked in exchange), from the maintained
`chinese-calendar` package. Years it does not know yet count Monday to Friday."""

import datetime

import chinese_calendar


def is_workday(day: datetime.date) -> bool:
    """Whether `day` is a working day in mainland China."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no holidays for yet
        return day.weekday() < 5


def add_workdays(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (`day` itself not counted; 0: `day`)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """The working days after `start` up to and including `end` (0 when `end` is not after
    `start`): an item applied for on `start` and done on `end` took this many working days,
    so it is within a limit of N working days exactly when `end` ≤ add_workdays(start, N)."""
    try:
        return len(chinese_calendar.get_workdays(start + datetime.timedelta(days=1), end))
    except NotImplementedError:
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += is_workday(day)
        return count
