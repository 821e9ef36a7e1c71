"""The rules named once in the models (took part, open problems), each pinned on the
smallest hand-built case, and the filters that use them."""

import datetime

import pytest
from django.db.models import OuterRef

from activities.filters import ActivityFilter
from activities.models import Activity, Attendance, Problem, took_part_where
from representatives.models import Area, Group, Mandate, Representative

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 10)


@pytest.fixture
def place():
    area = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
    return area, Group.objects.create(name="第一小组", area=area)


def person(code, level=None, area=None):
    rep = Representative.objects.create(code=code, name=code)
    if level:
        Mandate.objects.create(representative=rep, level=level, electoral_unit=area)
    return rep


def activity(group, title, *, leaders=(), **statuses):
    act = Activity.objects.create(date=DAY, title=title)
    act.groups.add(group)
    act.leaders.add(*leaders)
    for status, people in statuses.items():
        for rep in people:
            Attendance.objects.create(activity=act, representative=rep, status=status)
    return act


def test_present_guests_and_leaders_take_part_those_on_leave_or_absent_do_not(place):
    _area, group = place
    present, guest, leader, leave, absent = (person(c) for c in "PGLVA")
    act = activity(
        group, "活动", leaders=[leader], present=[present], guest=[guest], leave=[leave],
        absent=[absent],
    )  # fmt: skip

    took = Representative.objects.filter(
        took_part_where(representative=OuterRef("pk"), activity=act)
    )

    assert {rep.code for rep in took} == {"P", "G", "L"}
    assert {a.representative.code for a in Attendance.objects.taking_part()} == {"P", "G"}
    assert {a.representative.code for a in act.attendance.all() if a.took_part} == {"P", "G"}


def test_the_level_filter_keeps_activities_a_deputy_of_that_level_took_part_in(place):
    area, group = place
    provincial = person("S", Mandate.Level.PROVINCIAL, area)
    led = activity(group, "领办", leaders=[provincial])
    attended = activity(group, "参加", guest=[provincial])
    activity(group, "请假", leave=[provincial])
    activity(group, "县级", present=[person("X", Mandate.Level.COUNTY, area)])

    found = ActivityFilter({"level": "provincial"}, queryset=Activity.objects.all()).qs

    assert set(found) == {led, attended}


def test_still_open_keeps_the_collected_and_in_progress_problems(place):
    _area, group = place
    act = activity(group, "活动")
    for status in Problem.Status.values:
        Problem.objects.create(
            activity=act, title=status, status=status,
            note="无法解决" if status == Problem.Status.UNRESOLVABLE else "",
        )  # fmt: skip

    assert {p.title for p in Problem.objects.still_open()} == {"open", "in_progress"}
    assert {p.title for p in Problem.objects.all() if p.is_open} == {"open", "in_progress"}


def test_the_representatives_record_lists_the_problems_of_what_they_took_part_in(
    world, leader_client
):
    a1, a2 = world.reps_a
    statuses = {"出席": "present", "列席": "guest", "请假": "leave"}
    for title, status in statuses.items():
        act = activity(world.group_a, title)
        Attendance.objects.create(activity=act, representative=a1, status=status)
        Problem.objects.create(activity=act, title=f"{title}时反映")
    Problem.objects.create(
        activity=activity(world.group_a, "领办", leaders=[a1]), title="领办时反映"
    )
    Problem.objects.create(activity=activity(world.group_a, "别人", present=[a2]), title="别人反映")

    # The path stays when the page moves between apps.
    response = leader_client.get(f"/representatives/{a1.pk}/")

    assert sorted(p.title for p in response.context["archive"].problems) == sorted(
        ["出席时反映", "列席时反映", "领办时反映"]
    )
