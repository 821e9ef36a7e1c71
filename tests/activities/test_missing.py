"""The missing-data view 待补录 lists what staff still have to record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Campaign, Output, Problem, StatusChange
from representatives.models import Group, Representative

pytestmark = pytest.mark.django_db


def test_missing_data_lists_each_gap(world, staff_a_client):
    today = timezone.localdate()
    bare = Activity.objects.create(date=today - datetime.timedelta(days=3), title="未登记出席")
    bare.groups.add(world.group_a)
    quiet = Group.objects.create(name="娄星区第二代表小组", area=world.county_a)
    stale = Problem.objects.create(activity=world.activity_a, title="久未办理")
    StatusChange.objects.create(problem=stale, to_status="open", changed_on=world.activity_a.date)
    leader = Representative.objects.create(code="L1", name="领导甲", is_provincial_leader=True)
    running = Campaign.objects.create(
        title="冬季走访", slug="winter", start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=10),
    )  # fmt: skip
    running.leaders.add(leader)

    response = staff_a_client.get(reverse("activities:missing"))

    context = response.context
    assert list(context["no_attendance"]) == [bare]
    assert quiet in context["quiet_groups"]
    assert world.group_a not in context["quiet_groups"]  # its bare activity is 3 days old
    assert list(context["stale_problems"]) == [stale]
    assert [(c, list(leaders)) for c, leaders in context["idle_leaders"]] == [(running, [leader])]


def test_missing_data_stays_inside_the_scope(world, staff_b_client):
    bare = Activity.objects.create(date=timezone.localdate(), title="未登记出席")
    bare.groups.add(world.group_a)

    response = staff_b_client.get(reverse("activities:missing"))

    assert list(response.context["no_attendance"]) == []
    assert world.group_a not in response.context["quiet_groups"]


def test_an_authors_drafts_wait_in_their_missing_data(world, staff_a_client):
    draft = Output(kind="suggestion", title="未完成的建议", activity=world.activity_a)
    draft.submit(staff_a_client.user, draft=True)
    draft.save()

    page = staff_a_client.get(reverse("activities:missing"))

    assert [record for _kind, record in page.context["drafts"]] == [draft]
    assert reverse("activities:outputs-edit", args=[draft.pk]) in page.content.decode()
