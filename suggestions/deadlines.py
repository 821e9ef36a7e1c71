"""The clock of a suggestion 代表建议, written once: its deadline after 交办 and the window
in which a unit may return one it was wrongly given.

The law on deputies gives a unit three months from 交办 to reply, six for a complex
suggestion: the same day three (six) months later, or the last day of that month when it
has no such day (11-30 + 3 months → 02-28, or 02-29 in a leap year; 08-31 + 6 → 02-28).
"""

import calendar
import datetime

from django.conf import settings

MONTHS_TO_REPLY = 3
MONTHS_TO_REPLY_COMPLEX = 6


def months_later(day, months):
    """The same day `months` later, clamped to the last day of the month it falls in."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline_for(assigned_on, complex=False):
    """The day by which a suggestion 交办 on `assigned_on` is to be answered."""
    return months_later(assigned_on, MONTHS_TO_REPLY_COMPLEX if complex else MONTHS_TO_REPLY)


def working_days_after(start, end):
    """The working days after `start` up to and including `end` (0 when `end` is not
    after `start`). A working day is Monday to Friday: public holidays and the weekends
    worked in their place are not known to the app, so a return window is counted as the
    office counts it on a calendar without them."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def return_window():
    """How many working days after 交办 a unit may return a suggestion (a setting)."""
    return settings.SUGGESTION_RETURN_WORKING_DAYS
