"""The dashboards: every figure pinned on hand-built data, and a fixed query count.

On top of the two-area world (A-1 in 娄星区 on 10 April: 吴静波 present, 李四 absent;
B-1 in 湘西州: 王五 present, 赵六 absent), 吴静波 (A1) and 王五 (B1) are the campaign's
leaders, a member joins group A on 1 April and takes part, one left before the campaign.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.dashboards import (
    activities_by_month,
    area_rows,
    group_rows,
    leader_rows,
    period_figures,
    previous_period,
)
from activities.models import Activity, Attendance, ContactTally, Output, Problem
from representatives.models import Area, Group, Membership, Representative

pytestmark = pytest.mark.django_db


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def campaign(world):
    a1 = world.reps_a[0]
    b1 = world.reps_b[0]
    Representative.objects.filter(pk__in=[a1.pk, b1.pk]).update(is_provincial_leader=True)
    world.campaign.leaders.add(a1, b1)
    joiner = Representative.objects.create(code="A3", name="新代表")
    Membership.objects.create(
        representative=joiner, group=world.group_a, joined_on=day("2024-04-01")
    )
    gone = Representative.objects.create(code="A4", name="老代表")
    Membership.objects.create(
        representative=gone, group=world.group_a, joined_on=day("2020-01-01"),
        left_on=day("2024-02-29"),
    )  # fmt: skip
    late = Activity.objects.create(
        campaign=world.campaign, date=day("2024-04-20"), title="四月学习", accompanied=True
    )
    late.groups.add(world.group_a)
    late.leaders.add(a1)
    Attendance.objects.create(activity=late, representative=joiner, status="present")
    Problem.objects.create(
        activity=late, title="甲", status="resolved", resolved_on=day("2024-05-01")
    )
    Problem.objects.create(activity=world.activity_b, title="乙")
    output = Output.objects.create(
        kind="research_report", title="报告", activity=late, date=day("2024-04-25")
    )
    output.representatives.add(a1)
    return world.campaign


def test_leader_table_counts_each_leaders_group(campaign, world):
    rows = {row["leader"].code: row for row in leader_rows(campaign)}

    # Group A in the period: 吴静波, 李四, 新代表 (老代表 left in February).
    assert rows["A1"] | {"leader": None, "titled": None} == {
        "leader": None, "titled": None, "name": "wjb", "groups": ["娄星区代表小组"], "led": 1,
        "resolved": 1, "outputs": 1, "total": 3, "participated": 2, "rate": 66.7,
    }  # fmt: skip
    assert (rows["B1"]["total"], rows["B1"]["participated"], rows["B1"]["rate"]) == (2, 1, 50.0)
    assert (rows["B1"]["led"], rows["B1"]["resolved"], rows["B1"]["outputs"]) == (0, 0, 0)


def test_group_and_area_tables(campaign, world):
    groups = {row["name"]: row for row in group_rows(campaign)}
    areas = {row["name"]: row for row in area_rows(campaign)}

    columns = ["total", "participated", "rate", "activities", "resolved"]
    assert [groups["娄星区代表小组"][column] for column in columns] == [3, 2, 66.7, 2, 1]
    assert (groups["湘西州第一代表小组"]["rate"], groups["湘西州第一代表小组"]["activities"]) == (
        50.0,
        1,
    )
    # 娄星区 lies in 娄底市: its group counts for the city.
    assert sorted(areas) == ["娄底市", "湘西州"]
    assert (areas["娄底市"]["participated"], areas["娄底市"]["total"]) == (2, 3)


def test_tables_sort_by_any_column(campaign):
    by_rate = [row["leader"].code for row in leader_rows(campaign, "rate")]
    by_rate_ascending = [row["leader"].code for row in leader_rows(campaign, "-rate")]

    assert by_rate == ["A1", "B1"]
    assert by_rate_ascending == ["B1", "A1"]


def test_the_period_is_compared_with_the_one_before_when_asked(campaign, world):
    march = Activity.objects.create(date=day("2024-03-20"), title="三月学习")
    march.groups.add(world.group_a)
    Attendance.objects.create(activity=march, representative=world.reps_a[1], status="present")
    ContactTally.objects.create(
        area=world.area_a, start=day("2024-04-01"), end=day("2024-04-30"),
        person_times=1200, problems_solved=30, aid_yuan=50_000,
    )  # fmt: skip

    april = day("2024-04-01"), day("2024-04-30")
    rows = period_figures(
        Activity.objects.all(), ContactTally.objects.all(), *april, previous_period(*april)
    )

    figures = {row["key"]: (row["now"], row["then"], row["change"]) for row in rows}
    assert figures == {
        "activities": (3, 1, 2),
        "attendance": (3, 1, 2),  # 吴静波, 王五, 新代表; in March 李四
        "raised": (2, 0, 2),
        "resolved": (1, 0, 1),
        "outputs": (1, 0, 1),
        "person_times": (1200, 0, 1200),
        "problems_solved": (30, 0, 30),
        "aid_yuan": (50_000, 0, 50_000),
    }


def test_activities_are_counted_by_the_first_day_of_their_month(campaign, world):
    # The month's edges and a leap day (SQLite counts them by its own date(), PostgreSQL
    # by date_trunc: the same months either way).
    for text in ["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01"]:
        Activity.objects.create(date=day(text), title="学习").groups.add(world.group_a)

    months = activities_by_month.live(Activity.objects.all())

    assert months == [
        (day("2024-01-01"), 1),
        (day("2024-02-01"), 2),
        (day("2024-03-01"), 1),
        (day("2024-04-01"), 3),  # A-1, B-1 and 四月学习
    ]


def test_the_overview_narrows_to_the_chosen_area(campaign, world, leader_client):
    url = reverse("activities:overview")
    period = {"date_after": "2024-04-01", "date_before": "2024-04-30"}

    whole = leader_client.get(url, period)
    area_a = leader_client.get(url, {**period, "area": world.area_a.pk})

    def activities(response):
        return next(m["now"] for m in response.context["measures"] if m["key"] == "activities")

    assert (activities(whole), activities(area_a)) == (3, 2)
    assert [c["rate"] for c in whole.context["campaigns"]] == [60.0]  # 3 of 5 members


def test_the_area_page_ranks_its_groups(campaign, world, leader_client):
    other = Group.objects.create(name="娄底市第二代表小组", area=world.area_a)
    Membership.objects.create(representative=world.reps_a[1], group=other)

    response = leader_client.get(
        reverse("activities:area-detail", args=[world.area_a.pk]),
        {"date_after": "2024-04-01", "date_before": "2024-04-30"},
    )

    ranked = [
        (group.name, group.participated, group.total, rate)
        for group, rate in response.context["groups"]
    ]
    assert ranked == [("娄星区代表小组", 2, 3, 66.7), ("娄底市第二代表小组", 0, 1, 0.0)]


def grow(world, times):
    """Add `times` more leader groups to the campaign, each with members and work."""
    city = Area.objects.create(name=f"新市{times}", kind=Area.Kind.CITY, parent=world.area_a.parent)
    for n in range(times):
        group = Group.objects.create(name=f"新市第{times}-{n}代表小组", area=city)
        leader = Representative.objects.create(
            code=f"L{times}-{n}", name=f"领导{n}", is_provincial_leader=True
        )
        world.campaign.leaders.add(leader)
        members = [
            Representative.objects.create(code=f"M{times}-{n}-{i}", name=f"代表{i}")
            for i in range(3)
        ]
        for person in [leader, *members]:
            Membership.objects.create(representative=person, group=group)
        activity = Activity.objects.create(
            campaign=world.campaign, date=day("2024-04-15"), title="走访"
        )
        activity.groups.add(group)
        activity.leaders.add(leader)
        Attendance.objects.bulk_create(
            Attendance(activity=activity, representative=m, status="present") for m in members
        )
        Problem.objects.create(activity=activity, title="问题", status="resolved")


DASHBOARDS = [
    lambda w: reverse("activities:campaign-detail", args=[w.campaign.slug]),
    lambda w: reverse("activities:campaign-detail", args=[w.campaign.slug]) + "?table=groups",
    lambda w: reverse("activities:campaign-detail", args=[w.campaign.slug]) + "?table=areas",
    lambda w: reverse("activities:overview") + f"?area={w.area_a.pk}&campaign={w.campaign.pk}",
    lambda w: reverse("activities:area-detail", args=[w.area_a.pk]),
]


@pytest.mark.parametrize("page", DASHBOARDS, ids=["leaders", "groups", "areas", "overview", "area"])
def test_dashboards_run_the_same_few_queries_on_ten_times_the_data(
    campaign, world, leader_client, page
):
    url = page(world)
    grow(world, 2)
    leader_client.get(url)
    with CaptureQueriesContext(connection) as small:
        leader_client.get(url)

    grow(world, 20)
    with CaptureQueriesContext(connection) as large:
        response = leader_client.get(url)

    assert response.status_code == 200
    # The campaign page: 15, the leaders' posts and the rank table (2), its suggestions (1).
    assert len(large) == len(small) <= 18


def test_leaders_find_no_write_action_on_the_dashboards(campaign, world, leader_client):
    for page in DASHBOARDS:
        html = leader_client.get(page(world)).content.decode()
        assert (
            'method="post"'
            not in html.replace('action="/logout/"', "")
            .replace('action="/i18n/setlang/"', "")
            .split("<main>")[1]
        )
        for write in [r"/edit/", r"/new/", r"/activities/\d+/problems/"]:
            assert not re.search(write, html), write


def test_the_campaign_tables_come_a_page_at_a_time_in_their_order(
    campaign, world, leader_client, monkeypatch
):
    """A province's campaign has hundreds of leaders and thousands of groups: each table
    shows TABLE_ROWS at a time, the pages together every row once, in the order chosen,
    and the page's links keep the table and its order."""
    monkeypatch.setattr("activities.views.campaigns.TABLE_ROWS", 2)
    grow(world, 3)  # 5 leaders, 5 groups
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])
    whole = [row["leader"].code for row in leader_rows(world.campaign, "name")]

    pages = [leader_client.get(url, {"sort": "name", "page": n}) for n in (1, 2, 3)]

    shown = [row["leader"].code for page in pages for row in page.context["rows"]]
    assert shown == whole and len(whole) == 5
    assert [len(page.context["rows"]) for page in pages] == [2, 2, 1]
    assert 'href="?sort=name&amp;page=2"' in pages[0].content.decode()
    groups = leader_client.get(url, {"table": "groups", "page": 3})
    assert len(groups.context["rows"]) == 1
    assert "table=groups&amp;page=2" in groups.content.decode()


def test_the_area_page_ranks_its_groups_a_page_at_a_time(
    campaign, world, leader_client, monkeypatch
):
    monkeypatch.setattr("activities.views.overview.GROUPS_SHOWN", 1)
    other = Group.objects.create(name="娄底市第二代表小组", area=world.area_a)
    Membership.objects.create(representative=world.reps_a[1], group=other)
    url = reverse("activities:area-detail", args=[world.area_a.pk])
    april = {"date_after": "2024-04-01", "date_before": "2024-04-30"}

    first, second = (leader_client.get(url, april | {"page": n}) for n in (1, 2))

    assert [group.name for group, _ in first.context["groups"]] == ["娄星区代表小组"]
    assert [group.name for group, _ in second.context["groups"]] == ["娄底市第二代表小组"]
    assert "date_before=2024-04-30&amp;page=2" in first.content.decode()
