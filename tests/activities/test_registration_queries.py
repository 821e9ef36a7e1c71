"""Registering an activity (the POST that saves it with its checklist) runs the same number
of queries for a group of two as for a group of forty: the checklist is read and written in
bulk, never a query a member."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from representatives.models import Membership, Representative

pytestmark = pytest.mark.django_db


def register(client, world, title, members):
    data = {
        "campaign": world.campaign.pk,
        "date": "2024-04-20",
        "title": title,
        "place": "娄星区",
        "mode": "own_group",
        "groups": [world.group_a.pk],
        "version": 0,
        "submission": str(uuid.uuid4()),
        "save": "1",
        **{f"status_{rep.pk}": "present" for rep in members},
    }
    return client.post(reverse("activities:activity-create"), data)


def test_registering_runs_as_many_queries_for_forty_members_as_for_two(
    world, staff_a_client, django_assert_num_queries
):
    register(staff_a_client, world, "热身", world.reps_a)  # the session and the scope
    with CaptureQueriesContext(connection) as two:
        register(staff_a_client, world, "两人小组", world.reps_a)
    joined = datetime.date(2023, 1, 1)
    for i in range(38):
        rep = Representative.objects.create(code=f"N{i:02d}", name=f"新代表{i:02d}")
        Membership.objects.create(representative=rep, group=world.group_a, joined_on=joined)
    members = list(Representative.objects.filter(memberships__group=world.group_a))

    with django_assert_num_queries(len(two)):
        response = register(staff_a_client, world, "四十人小组", members)

    assert response.status_code == 302
    saved = Activity.objects.get(title="四十人小组")
    assert saved.attendance.filter(status="present").count() == 40
