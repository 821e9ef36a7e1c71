"""The demo's archives: each of the 28 leaders has a year of duties a leader could read
with pride, posts dated (three changed during 2021), the terms, two tables of points."""

import datetime

import pytest

from activities.demo import LEADERS
from activities.review import Review
from archives.models import Duty, Item, PointsTable
from representatives.models import Mandate, Representative, Term, post_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


def leaders():
    return Representative.objects.filter(is_provincial_leader=True).prefetch_related(
        "duties", "posts"
    )


def test_every_leader_has_duties_in_every_part_of_the_archive():
    people = list(leaders())

    assert len(people) == len(LEADERS) == 28
    for rep in people:
        kinds = {duty.kind for duty in rep.duties.all()}
        parts = {part for part, of in Duty.PARTS.items() if kinds & set(of)}
        assert parts >= {"meetings", "inspections", "training", "voter_reports"}, rep.name
        assert all(duty.date.year == 2021 for duty in rep.duties.all()), rep.name
    assert set(Duty.objects.values_list("review", flat=True)) == {Review.APPROVED}
    assert Duty.objects.filter(kind=Duty.Kind.COMMENDATION).count() == 5


def test_a_post_changed_in_2021_is_the_one_held_on_each_records_day():
    rep = Representative.objects.get(name="周立新")
    posts = list(rep.posts.all())

    assert post_on(posts, datetime.date(2021, 1, 31)) == "副省长"
    assert post_on(posts, datetime.date(2021, 6, 1)) == rep.post == "省委常委、常务副省长"
    assert all(p.ended_on is None for p in Representative.objects.get(name="毛伟明").posts.all())


def test_the_terms_and_the_mandates_agree():
    term = Term.objects.get(level=Mandate.Level.PROVINCIAL, number=13)

    assert term.started_on == datetime.date(2018, 1, 27)
    assert term.ended_on == datetime.date(2023, 1, 15)
    assert set(Mandate.objects.values_list("term", flat=True)) == {13}
    assert Term.objects.get(level=Mandate.Level.PROVINCIAL, number=14).ended_on is None


def test_two_tables_of_points_weigh_every_item():
    first = PointsTable.objects.in_force_on(datetime.date(2021, 6, 1))
    second = PointsTable.objects.in_force_on(datetime.date(2022, 6, 1))

    assert first != second
    for table in (first, second):
        assert {w.item for w in table.weights.all()} == set(Item.values)
    weights = {t: {w.item: w.points for w in t.weights.all()} for t in (first, second)}
    assert weights[first][Item.ATTENDED] == 2 and weights[second][Item.ATTENDED] == 3
