"""Lists and pages run a fixed number of queries, whatever the number of rows: asserted
at two sizes for each list page issue 16 names, filtered and not, at page 1 and deeper,
for a user of the whole province and one of an area. Between the two sizes the lists
pass the paginator's count cap (lowered here to 5 rows), so both ways of paging (a
counted list, a list longer than its count) are asserted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attendance, Output, Problem
from lianluo.paging import CappedPaginator
from representatives.models import Mandate, Membership, Representative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_count_cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)


def add_activities(world, n):
    for i in range(n):
        activity = Activity.objects.create(
            campaign=world.campaign, date=datetime.date(2024, 4, 1 + i % 28), title=f"活动{i}"
        )
        activity.groups.add(world.group_a)
        Attendance.objects.create(
            activity=activity, representative=world.reps_a[0], status="present"
        )
        Problem.objects.create(activity=activity, title=f"问题{i}")
        output = Output.objects.create(kind="suggestion", title=f"建议{i}", activity=activity)
        output.representatives.add(world.reps_a[0])


def add_people(world, n):
    """`n` county deputies of group A, each elected in the county and a member of it."""
    start = Representative.objects.count()
    people = Representative.objects.bulk_create(
        Representative(code=f"N{start + i}", name=f"代表{start + i}") for i in range(n)
    )
    Mandate.objects.bulk_create(
        Mandate(representative=rep, level="county", electoral_unit=world.county_a) for rep in people
    )
    Membership.objects.bulk_create(
        Membership(representative=rep, group=world.group_a) for rep in people
    )


PAGES = [
    ("activities:activity-list", None, {}),
    ("activities:activity-list", None, {"page": "2"}),
    ("activities:activity-list", None, {"group": "娄星区代表小组", "page": "2"}),
    ("activities:activity-list", None, {"area": "area_a", "level": "county", "topic": ""}),
    ("activities:activity-list", None, {"q": "活动", "campaign": "campaign", "mode": ""}),
    ("activities:problem-list", None, {}),
    ("activities:problem-list", None, {"area": "county_a", "page": "2"}),
    ("activities:open-problems", None, {}),
    ("activities:outputs-list", None, {}),
    ("activities:outputs-list", None, {"q": "建议", "page": "2"}),
    ("representatives:representative-list", None, {}),
    ("representatives:representative-list", None, {"group": "娄星区代表小组", "page": "2"}),
    ("representatives:representative-list", None, {"level": "county", "area": "area_a"}),
    ("archives:representative", "rep", {}),
    ("archives:group", "group", {}),
]


def keys(world, query):
    """The query with the world's records named by attribute put as their keys."""
    named = {"area_a": world.area_a.pk, "county_a": world.county_a.pk}
    named["campaign"] = world.campaign.pk
    return {key: named.get(value, value) for key, value in query.items()}


@pytest.mark.parametrize("client_name", ["staff_a_client", "leader_client"])
@pytest.mark.parametrize("name, arg, query", PAGES)
def test_page_queries_do_not_grow_with_rows(
    world, request, django_assert_num_queries, client_name, name, arg, query
):
    client = request.getfixturevalue(client_name)
    args = {"rep": [world.reps_a[0].pk], "group": [world.group_a.pk], None: []}[arg]
    url = reverse(name, args=args)
    query = keys(world, query)
    add_activities(world, 2)
    add_people(world, 2)
    assert client.get(url, query).status_code == 200  # warm the session and the scope

    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    add_activities(world, 35)
    add_people(world, 60)

    with django_assert_num_queries(len(few)):
        response = client.get(url, query)
    assert response.status_code == 200
