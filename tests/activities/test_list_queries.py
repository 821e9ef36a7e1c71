"""Lists and pages run a fixed number of queries, whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attendance, Output, Problem

pytestmark = pytest.mark.django_db


def add_activities(world, n):
    for i in range(n):
        activity = Activity.objects.create(
            campaign=world.campaign, date=datetime.date(2024, 4, 1 + i), title=f"活动{i}"
        )
        activity.groups.add(world.group_a)
        Attendance.objects.create(
            activity=activity, representative=world.reps_a[0], status="present"
        )
        Problem.objects.create(activity=activity, title=f"问题{i}")
        output = Output.objects.create(kind="suggestion", title=f"建议{i}", activity=activity)
        output.representatives.add(world.reps_a[0])


PAGES = [
    ("activities:activity-list", None),
    ("activities:problem-list", None),
    ("activities:open-problems", None),
    ("activities:outputs-list", None),
    ("representatives:representative-list", None),
    ("archives:representative", "rep"),
    ("archives:group", "group"),
]


@pytest.mark.parametrize("name, arg", PAGES)
def test_page_queries_do_not_grow_with_rows(
    world, staff_a_client, django_assert_num_queries, name, arg
):
    args = {"rep": [world.reps_a[0].pk], "group": [world.group_a.pk], None: []}[arg]
    url = reverse(name, args=args)
    add_activities(world, 2)
    staff_a_client.get(url)  # warm the session and the scope

    with CaptureQueriesContext(connection) as few:
        staff_a_client.get(url)
    add_activities(world, 10)

    with django_assert_num_queries(len(few)):
        staff_a_client.get(url)
