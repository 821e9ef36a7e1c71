"""The period of an archive page: the address's year, term, campaign or dates, else the
latest year with records."""

import datetime

import pytest
from django.utils import translation

from activities.models import Campaign
from archives.periods import PeriodForm, latest_year_of
from representatives.models import Term

D = datetime.date
TODAY = D(2022, 3, 15)
pytestmark = pytest.mark.django_db


def period(**asked):
    with translation.override("zh-hans"):
        return PeriodForm(asked).period(2021, TODAY)


def test_asked_for_nothing_the_latest_year_with_records_and_why():
    got = period()
    assert (got.start, got.end, got.label) == (D(2021, 1, 1), D(2021, 12, 31), "2021年")
    assert "2021" in got.why


def test_no_records_this_year_so_far():
    with translation.override("zh-hans"):
        got = PeriodForm({}).period(None, TODAY)
    assert (got.start, got.end) == (D(2022, 1, 1), TODAY)
    assert got.why


def test_a_year():
    got = period(year="2020")
    assert (got.start, got.end, got.why) == (D(2020, 1, 1), D(2020, 12, 31), "")


def test_a_term_and_one_still_running():
    thirteenth = Term.objects.create(
        level="provincial", number=13, started_on=D(2018, 1, 27), ended_on=D(2023, 1, 15)
    )
    fourteenth = Term.objects.create(level="provincial", number=14, started_on=D(2023, 1, 15))
    got = period(term=str(thirteenth.pk))
    assert (got.start, got.end, got.label) == (D(2018, 1, 27), D(2023, 1, 15), "第13届（省）")
    assert period(term=str(fourteenth.pk)).end == TODAY


def test_a_campaign():
    c = Campaign.objects.create(
        title="为群众办实事", slug="c", start=D(2021, 5, 1), end=D(2021, 11, 30)
    )
    got = period(campaign=str(c.pk), year="2020")  # the campaign is the more precise
    assert (got.start, got.end, got.label) == (D(2021, 5, 1), D(2021, 11, 30), "为群众办实事")


def test_dates_win_and_an_end_alone_starts_its_year():
    got = period(start="2021-03-01", end="2021-06-30", year="2020")
    assert (got.start, got.end) == (D(2021, 3, 1), D(2021, 6, 30))
    assert period(end="2021-06-30").start == D(2021, 1, 1)


def test_refused_input_says_why_and_takes_the_default():
    form = PeriodForm({"start": "2021-06-30", "end": "2021-03-01", "year": "99999"})
    got = form.period(2021, TODAY)
    assert (got.start, got.end) == (D(2021, 1, 1), D(2021, 12, 31))
    assert "end" in form.errors and "year" in form.errors


def test_latest_year_of_dates_up_to_today():
    assert latest_year_of(D(2020, 5, 1), None, D(2023, 1, 1), today=TODAY) == 2020
    assert latest_year_of(None, today=TODAY) is None
