"""A membership overlapping a period: one rule, asked in SQL and in Python alike."""

import datetime

import pytest

from representatives.models import Area, Group, Membership, Representative, dates_overlap

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 3, 1), datetime.date(2024, 5, 31)
D = datetime.date

# (joined, left, in force during [START, END]?)
CASES = [
    (None, None, True),
    (D(2020, 1, 1), None, True),
    (END, None, True),  # joined on the last day
    (D(2024, 6, 1), None, False),  # joined the day after
    (None, START, True),  # left on the first day
    (None, D(2024, 2, 29), False),  # left the day before
    (D(2024, 4, 1), D(2024, 4, 2), True),  # wholly inside
    (D(2020, 1, 1), D(2030, 1, 1), True),  # wholly around
]


@pytest.fixture
def memberships():
    group = Group.objects.create(
        name="第一小组", area=Area.objects.create(name="娄底市", kind="city")
    )
    made = []
    for n, (joined, left, _in_force) in enumerate(CASES):
        rep = Representative.objects.create(code=f"M{n}", name=f"M{n}")
        made.append(
            Membership.objects.create(
                representative=rep, group=group, joined_on=joined, left_on=left
            )
        )
    return made


def test_overlapping_keeps_the_memberships_in_force_some_day_of_the_period(memberships):
    found = set(Membership.objects.overlapping(START, END))

    assert found == {m for m, case in zip(memberships, CASES, strict=True) if case[2]}


def test_the_python_twin_agrees_with_the_query(memberships):
    for membership, (joined, left, in_force) in zip(memberships, CASES, strict=True):
        assert membership.overlaps(START, END) is in_force
        assert dates_overlap(joined, left, START, END) is in_force


def test_the_q_follows_a_path_from_another_model(memberships):
    groups = Group.objects.filter(Membership.overlap_q(D(2024, 6, 1), D(2024, 6, 1), "memberships"))
    members = Representative.objects.filter(
        Membership.overlap_q(D(2024, 6, 1), D(2024, 6, 1), "memberships")
    )

    assert list(groups.distinct()) == [memberships[0].group]
    assert {rep.code for rep in members} == {"M0", "M1", "M2", "M3", "M7"}
