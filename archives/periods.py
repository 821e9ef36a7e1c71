"""The period an archive covers: a year, a term 届, a campaign or dates, as the address asks.

Every archive page (a deputy's, a group's, an area's) reads its period here, so the same
address means the same dates on each. Asked for nothing, a page opens on the latest year
that has records for what it shows (the caller says which year that is), and says so.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from activities.dashboards import why_this_year, year_to_date
from activities.models import Campaign
from lianluo.punctuation import noted
from representatives.forms import Dates
from representatives.models import Term

FIRST_YEAR, LAST_YEAR = 1954, 2100  # the first National People's Congress; far enough


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str  # what the page's heading calls it: 2021年, 第十三届, a campaign's title …
    why: str = ""  # said when the page chose the period itself

    def query(self):
        """The address's parameters that give this period again (as dates)."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


class PeriodForm(Dates):
    """A year, a term, a campaign, or a start and an end (the most precise one asked wins:
    dates, then a campaign, then a term, then a year). Anything refused is said beside the
    field, and the page takes its default."""

    year = forms.IntegerField(
        label=pgettext_lazy("period of an archive", "Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )
    term = forms.ModelChoiceField(
        Term.objects.all(), label=_("term of the congress"), required=False
    )
    campaign = forms.ModelChoiceField(
        Campaign.objects.order_by("-start"), label=_("campaign"), required=False
    )
    field_order = ["year", "term", "campaign", "start", "end"]

    def __init__(self, data=None, *, user=None, **kwargs):
        super().__init__(data, **kwargs)
        if user is not None:
            self.fields["campaign"].queryset = Campaign.objects.visible_to(user).order_by("-start")

    def clean(self):
        cleaned = super().clean()  # each date within the calendar
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end of a period cannot come before its start."))
        return cleaned

    def period(self, latest_year, today):
        """The Period asked for; else, and when anything asked is refused, the whole of
        `latest_year` (the latest year with records; None when there are none: this year
        so far), saying why."""
        asked = self.cleaned_data if self.is_valid() else {}
        start, end = asked.get("start"), asked.get("end")
        if start or end:
            start = start or datetime.date(end.year, 1, 1)
            end = end or max(start, today)
            label = gettext("%(start)s to %(end)s") % {
                "start": date_format(start, "SHORT_DATE_FORMAT"),
                "end": date_format(end, "SHORT_DATE_FORMAT"),
            }
            return Period(start, end, label)
        if campaign := asked.get("campaign"):
            return Period(campaign.start, campaign.end, campaign.title)
        if term := asked.get("term"):
            return Period(term.started_on, term.ended_on or today, term_label(term))
        if year := asked.get("year"):
            return Period(*year_to_date(year, today), year_label(year))
        year = latest_year or today.year
        return Period(
            *year_to_date(year, today), year_label(year), why_this_year(latest_year, today)
        )


def year_label(year):
    return pgettext("a year as a period", "%(year)s") % {"year": year}


def term_label(term):
    """第十三届 (省): the term's number and level, as the office names it."""
    return noted(gettext("Term %(number)s") % {"number": term.number}, term.get_level_display())


def latest_year_of(*dates, today):
    """The year of the latest of `dates` (each a date or None) up to `today`, or None."""
    known = [day for day in dates if day is not None and day <= today]
    return max(known).year if known else None
