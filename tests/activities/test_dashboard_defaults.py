"""What a dashboard shows before anyone chooses: the latest year with records, compared
with the same dates a year earlier (同比) unless 环比 is asked, and links only where the
reader may follow.

The two-area world (tests/conftest.py) has its activities on 10 April 2024; its campaign
(2024-03-01 … 2024-05-31) has one leader in each area here.
"""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from activities.dashboards import previous_period, same_dates_a_year_earlier
from activities.models import Activity
from activities.review import Review
from representatives.models import Area, Group, Membership, Representative
from tests.conftest import login

pytestmark = pytest.mark.django_db


def day(text):
    return datetime.date.fromisoformat(text)


def held(group, date, **fields):
    activity = Activity.objects.create(date=day(date), title=f"{date}走访", **fields)
    activity.groups.add(group)
    return activity


def measure(response, key):
    (row,) = [m for m in response.context["measures"] if m["key"] == key]
    return row["now"], row["then"]


def main(response):
    return response.content.decode().split("<main>")[1].split("</main>")[0]


# --- the rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "year_on_year"),
    [
        (("2021-01-01", "2021-12-31"), ("2020-01-01", "2020-12-31")),
        # 29 February begins or ends a period: the 28th a year before.
        (("2024-02-29", "2024-03-31"), ("2023-02-28", "2023-03-31")),
        (("2024-01-01", "2024-02-29"), ("2023-01-01", "2023-02-28")),
        # A whole February after a leap year: the whole of the leap February.
        (("2025-02-01", "2025-02-28"), ("2024-02-01", "2024-02-29")),
        (("2025-02-28", "2025-02-28"), ("2024-02-28", "2024-02-29")),
        (("2025-03-01", "2025-03-31"), ("2024-03-01", "2024-03-31")),
    ],
)
def test_year_on_year_is_the_same_dates_a_year_earlier(period, year_on_year):
    assert same_dates_a_year_earlier(*map(day, period)) == tuple(map(day, year_on_year))


@pytest.mark.parametrize(
    ("period", "before"),
    [
        # 2021 has 365 days; the 365 days before it end on 31 December 2020.
        (("2021-01-01", "2021-12-31"), ("2020-01-02", "2020-12-31")),
        # March 2024 (31 days) after a leap February: from 30 January.
        (("2024-03-01", "2024-03-31"), ("2024-01-30", "2024-02-29")),
        (("2024-02-29", "2024-02-29"), ("2024-02-28", "2024-02-28")),
    ],
)
def test_period_on_period_is_the_window_of_equal_length_before(period, before):
    assert previous_period(*map(day, period)) == tuple(map(day, before))


# --- the period a page opens on ------------------------------------------------------


def test_the_overview_opens_on_the_latest_year_with_records(world, leader_client):
    response = leader_client.get(reverse("activities:overview"))

    assert (response.context["start"], response.context["end"]) == (
        day("2024-01-01"),
        day("2024-12-31"),
    )
    assert measure(response, "activities") == (2, 0)
    assert "显示最近有记录的2024年" in main(response)
    assert "统计期间：2024-01-01 至 2024-12-31" in main(response)


def test_a_period_in_the_address_is_shown_without_a_reason(world, leader_client):
    response = leader_client.get(
        reverse("activities:overview"), {"date_after": "2024-04-01", "date_before": "2024-04-30"}
    )

    assert response.context["period_why"] is None
    assert "最近有记录" not in main(response)
    assert measure(response, "activities") == (2, 0)


def test_only_approved_records_choose_the_year_unless_the_switch_asks(world, leader_client):
    held(world.group_a, "2025-06-01", review=Review.SUBMITTED)
    url = reverse("activities:overview")

    approved = leader_client.get(url)
    with_pending = leader_client.get(url, {"pending": "1"})

    assert approved.context["start"].year == 2024
    assert measure(approved, "activities") == (2, 0)
    assert (with_pending.context["start"], with_pending.context["end"]) == (
        day("2025-01-01"),
        day("2025-12-31"),
    )
    assert measure(with_pending, "activities") == (1, 2)  # 2025 beside 2024
    assert "显示最近有记录的2025年" in main(with_pending)


def test_a_user_without_records_sees_this_year_and_is_told_why(world, django_user_model):
    empty = Area.objects.create(name="张家界市", kind=Area.Kind.CITY, parent=world.area_a.parent)
    client = login(django_user_model, "staff-empty", Role.STAFF, [empty])
    today = datetime.date.today()

    response = client.get(reverse("activities:overview"))

    assert response.context["start"] == datetime.date(today.year, 1, 1)
    assert measure(response, "activities") == (0, 0)
    assert "尚无记录" in main(response)


def test_an_area_page_opens_on_the_areas_own_latest_year(world, leader_client):
    held(world.group_b, "2025-05-05")

    area_a = leader_client.get(reverse("activities:area-detail", args=[world.area_a.pk]))
    area_b = leader_client.get(reverse("activities:area-detail", args=[world.area_b.pk]))

    assert area_a.context["start"].year == 2024
    assert area_b.context["start"].year == 2025
    assert [(g.name, g.n_activities) for g, _ in area_b.context["groups"]] == [
        ("湘西州第一代表小组", 1)
    ]
    assert "显示最近有记录的2025年" in main(area_b)


def test_a_group_page_opens_on_the_groups_latest_year(world, leader_client):
    held(world.group_b, "2025-05-05")
    url = reverse("archives:group", args=[world.group_a.pk])

    response = leader_client.get(url)
    chosen = leader_client.get(url, {"start": "2025-01-01", "end": "2025-12-31"})

    assert (response.context["start"], response.context["end"]) == (
        day("2024-01-01"),
        day("2024-12-31"),
    )
    assert [
        (row.representative.name, row.took_part, row.own) for row in response.context["rows"]
    ] == [
        ("吴静波", 1, 1),
        ("李四", 0, 1),
    ]
    assert "显示最近有记录的2024年" in main(response)
    assert chosen.context["period"].why == ""
    assert [a.title for a in chosen.context["activities"]] == []


# --- 同比 and 环比 -------------------------------------------------------------------


def test_the_overview_compares_year_on_year_and_period_on_period_when_asked(world, leader_client):
    held(world.group_a, "2023-04-10")  # in 2023: both comparisons of 2024
    held(world.group_a, "2022-12-31")  # 2024 has 366 days: 环比 begins on 31 December 2022
    url = reverse("activities:overview")

    yoy = leader_client.get(url)
    mom = leader_client.get(url, {"compare": "mom"})

    assert measure(yoy, "activities") == (2, 1)
    assert measure(mom, "activities") == (2, 2)
    assert "同比 2023-01-01 – 2023-12-31" in main(yoy)
    assert "环比 2022-12-31 – 2023-12-31" in main(yoy)
    assert yoy.context["compared"]["key"] == "yoy"
    assert mom.context["compared"]["key"] == "mom"
    # The filter form carries the choice, so filtering again keeps it.
    assert re.search(r'<option value="mom" selected>', main(mom))


def test_year_on_year_of_a_february_reaches_the_leap_day(world, leader_client):
    held(world.group_a, "2024-02-29")
    held(world.group_a, "2023-02-28")
    held(world.group_a, "2025-02-10")
    url = reverse("activities:overview")

    february_2025 = leader_client.get(
        url, {"date_after": "2025-02-01", "date_before": "2025-02-28"}
    )
    leap_day_on = leader_client.get(url, {"date_after": "2024-02-01", "date_before": "2024-02-29"})

    assert measure(february_2025, "activities") == (1, 1)  # 2024-02-29 counts
    assert measure(leap_day_on, "activities") == (1, 1)  # 2023-02-28 counts


def test_the_area_page_offers_both_comparisons(world, leader_client):
    response = leader_client.get(
        reverse("activities:area-detail", args=[world.area_a.pk]), {"compare": "mom"}
    )

    assert response.context["compared"]["label"] == "环比"
    assert "环比" in main(response) and "同比" in main(response)


# --- links only where the reader may follow --------------------------------------------


@pytest.fixture
def leaders(world):
    a1, b1 = world.reps_a[0], world.reps_b[0]
    Representative.objects.filter(pk__in=[a1.pk, b1.pk]).update(is_provincial_leader=True)
    world.campaign.leaders.add(a1, b1)
    return a1, b1


def links(response):
    """The addresses the page's main part links to, on this site."""
    return sorted(set(re.findall(r'href="(/[^"]*)"', main(response))))


def pages(world):
    campaign = reverse("activities:campaign-detail", args=[world.campaign.slug])
    return [
        campaign,
        campaign + "?table=groups",
        campaign + "?table=areas",
        reverse("activities:overview"),
        reverse("activities:area-detail", args=[world.area_a.pk]),
    ]


def test_staff_of_one_city_follow_every_link_on_the_dashboards(world, leaders, staff_a_client):
    for page in pages(world):
        response = staff_a_client.get(page)
        assert response.status_code == 200
        for link in links(response):
            followed = staff_a_client.get(link.replace("&amp;", "&"))
            assert followed.status_code == 200, (page, link)


def test_the_campaign_dashboard_links_only_the_readers_leaders_groups_and_areas(
    world, leaders, staff_a_client, admin_role_client
):
    campaign = reverse("activities:campaign-detail", args=[world.campaign.slug])
    a1, b1 = leaders

    def linked(client, table):
        return links(client.get(campaign, {"table": table}))

    staff = {table: linked(staff_a_client, table) for table in ["leaders", "groups", "areas"]}
    admin = {table: linked(admin_role_client, table) for table in ["leaders", "groups", "areas"]}

    def person(rep):
        return reverse("archives:representative", args=[rep.pk])

    def group(group):
        return reverse("archives:group", args=[group.pk])

    def area(area):
        return reverse("activities:area-detail", args=[area.pk])

    assert person(a1) in staff["leaders"] and person(b1) not in staff["leaders"]
    assert group(world.group_a) in staff["groups"]
    assert group(world.group_b) not in staff["groups"]
    assert area(world.area_a) in staff["areas"] and area(world.area_b) not in staff["areas"]
    # Every row is still there, named: the dashboard stays the province's.
    page = main(staff_a_client.get(campaign, {"table": "groups"}))
    assert "湘西州第一代表小组" in page
    assert {person(a1), person(b1)} <= set(admin["leaders"])
    assert {group(world.group_a), group(world.group_b)} <= set(admin["groups"])
    assert {area(world.area_a), area(world.area_b)} <= set(admin["areas"])


def test_the_overview_links_each_city_to_its_area_page(world, leader_client, staff_a_client):
    other = Group.objects.create(name="娄底市第二代表小组", area=world.area_a)
    Membership.objects.create(representative=world.reps_a[1], group=other)
    url = reverse("activities:overview")
    area_a = reverse("activities:area-detail", args=[world.area_a.pk])
    area_b = reverse("activities:area-detail", args=[world.area_b.pk])

    assert {area_a, area_b} <= set(links(leader_client.get(url)))
    assert area_a in links(staff_a_client.get(url))
    assert area_b not in links(staff_a_client.get(url))
