"""The representative's record 履职档案 (its archive: tests/archives; the group's page:
tests/archives/test_group_pages.py)."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Output, Problem

pytestmark = pytest.mark.django_db


def test_the_record_shows_groups_activities_problems_and_outputs(world, leader_client):
    a1 = world.reps_a[0]
    Problem.objects.create(activity=world.activity_a, title="村道破损")
    output = Output.objects.create(
        kind="suggestion",
        title="关于村道的建议",
        campaign=world.campaign,
        date=datetime.date(2024, 5, 1),
    )  # an output without a date, nor an activity to take it from, is in no period
    output.representatives.add(a1)

    response = leader_client.get(reverse("archives:representative", args=[a1.pk]))

    page = response.content.decode()
    for text in ["吴静波", "娄星区代表小组", world.activity_a.title, "村道破损", "关于村道的建议"]:
        assert text in page, text
    assert [line.activity for line in response.context["archive"].own] == [world.activity_a]


def test_the_record_names_only_the_outputs_its_viewer_may_see(world, staff_a_client):
    a1 = world.reps_a[0]
    for title, activity in [("娄底的建议", world.activity_a), ("湘西的报告", world.activity_b)]:
        Output.objects.create(kind="suggestion", title=title, activity=activity)
        Output.objects.get(title=title).representatives.add(a1)

    response = staff_a_client.get(reverse("archives:representative", args=[a1.pk]))

    assert len(response.context["archive"].outputs) == 2  # counted, …
    assert "娄底的建议" in response.content.decode()
    assert "湘西的报告" not in response.content.decode()  # … the other area's not named
