"""The one shared query method that narrows what a scoped user sees."""

import pytest

from activities.models import Activity, Attendance, ContactTally, Output
from representatives.models import Area, Group, Representative


def test_staff_of_area_a_see_only_area_a_records(world, staff_a_client):
    user = staff_a_client.user

    assert list(Activity.objects.visible_to(user)) == [world.activity_a]
    assert list(Group.objects.visible_to(user)) == [world.group_a]
    assert set(Representative.objects.visible_to(user)) == set(world.reps_a)
    assert {a.activity for a in Attendance.objects.visible_to(user)} == {world.activity_a}


def test_a_city_scope_covers_its_counties(world, staff_a_client):
    scope = Area.objects.scope_of(staff_a_client.user)

    assert set(scope) == {world.area_a, world.county_a}


def test_leaders_see_the_whole_province(world, leader_client):
    user = leader_client.user

    assert Area.objects.scope_of(user) is None
    assert set(Activity.objects.visible_to(user)) == {world.activity_a, world.activity_b}


def test_outputs_and_tallies_follow_the_scope(world, staff_b_client):
    output_a = Output.objects.create(kind="suggestion", title="甲", activity=world.activity_a)
    output_b = Output.objects.create(kind="suggestion", title="乙", campaign=world.campaign)
    output_b.representatives.add(world.reps_b[0])
    tally_a = ContactTally.objects.create(area=world.area_a, start="2024-03-01", end="2024-05-31")
    tally_b = ContactTally.objects.create(area=world.area_b, start="2024-03-01", end="2024-05-31")
    user = staff_b_client.user

    assert list(Output.objects.visible_to(user)) == [output_b]
    assert list(ContactTally.objects.visible_to(user)) == [tally_b]
    assert output_a not in Output.objects.visible_to(user)
    assert tally_a not in ContactTally.objects.visible_to(user)


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Activity.objects.visible_to(AnonymousUser()).exists()
