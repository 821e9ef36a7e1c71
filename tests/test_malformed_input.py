"""The malformed inputs the attack found answering 500: each now gets a page with a
message. (tests/test_hostile_input.py throws random ones at every page.)"""

import pytest
from django.urls import reverse

from activities.models import Activity
from bulletins.models import Bulletin

NUL = "路灯\x00"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_overview_refuses_a_date_outside_the_calendar_it_can_compare(leader_client, day):
    response = leader_client.get(reverse("activities:overview"), {"date_after": day})

    assert response.status_code == 200
    assert "请填写1900年1月1日至2999年12月31日之间的日期。" in response.text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_area_page_refuses_a_date_outside_the_calendar_it_can_compare(
    world, staff_a_client, day
):
    url = reverse("activities:area-detail", args=[world.area_a.pk])

    response = staff_a_client.get(url, {"date_before": day})

    assert response.status_code == 200
    assert "请填写1900年1月1日至2999年12月31日之间的日期。" in response.text


def test_a_refused_period_leaves_the_other_filters_applied(world, leader_client):
    response = leader_client.get(
        reverse("activities:overview"), {"date_after": "0001-01-01", "area": world.area_b.pk}
    )

    assert list(response.context["filter"].qs) == [world.activity_b]


def test_the_activity_search_refuses_a_nul_character(world, staff_a_client):
    response = staff_a_client.get(reverse("activities:activity-list"), {"q": NUL})

    assert response.status_code == 200
    assert "不能包含空字符（NUL）。" in response.text


def test_the_activity_search_still_finds_by_title(world, staff_a_client):
    response = staff_a_client.get(reverse("activities:activity-list"), {"q": "调研"})

    assert list(response.context["page"]) == [world.activity_a]


def test_the_bulletin_archive_refuses_a_nul_character(leader_client):
    response = leader_client.get(reverse("bulletins:bulletin-list"), {"q": NUL})

    assert response.status_code == 200
    assert "不能包含空字符（NUL）。" in response.text


@pytest.mark.parametrize("q", ["²", "9" * 30])
def test_the_bulletin_archive_takes_digits_that_are_no_issue_number(leader_client, q):
    Bulletin.objects.create(year=2024, number=1, total_number=1, date="2024-04-30", title="动态")

    response = leader_client.get(reverse("bulletins:bulletin-list"), {"q": q})

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_the_bulletin_archive_refuses_a_year_that_is_no_year(leader_client):
    response = leader_client.get(reverse("bulletins:bulletin-list"), {"year": "9" * 30})

    assert response.status_code == 200
    assert response.context["filter"].errors["year"]


def test_the_person_search_refuses_a_nul_character(world, staff_a_client):
    response = staff_a_client.get(reverse("representatives:search"), {"q": NUL})

    assert response.status_code == 400
    assert response.json() == {"results": [], "error": "不能包含空字符（NUL）。"}


def test_the_guest_search_of_the_activity_form_refuses_a_nul_character(world, staff_a_client):
    response = staff_a_client.post(
        reverse("activities:activity-create"), {"guest_query": NUL, "search_guest": ""}
    )

    assert response.status_code == 200
    assert "不能包含空字符（NUL）。" in response.text


def registration(world, **changes):
    return {
        "date": "2024-04-20", "title": "小组学习", "mode": "own_group",
        "groups": [world.group_a.pk], "list_members": "",
    } | changes  # fmt: skip


@pytest.mark.parametrize("day", ["2024-02-30", "2024-4-31", "明天", "0000-01-01", "9" * 30])
def test_the_activity_form_lists_nobody_for_a_mistyped_date(world, staff_a_client, day):
    response = staff_a_client.post(
        reverse("activities:activity-create"), registration(world, date=day)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert response.context["checklist"].members == []


@pytest.mark.parametrize("group", ["abc", "-1", "9" * 30, "1.5", "\x00"])
def test_the_activity_form_lists_nobody_for_a_group_that_is_no_group(world, staff_a_client, group):
    response = staff_a_client.post(
        reverse("activities:activity-create"), registration(world, groups=[group])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert response.context["checklist"].members == []


def test_the_activity_form_still_lists_the_members_of_a_good_group(world, staff_a_client):
    response = staff_a_client.post(reverse("activities:activity-create"), registration(world))

    assert set(response.context["checklist"].members) == set(world.reps_a)
    assert not Activity.objects.filter(title="小组学习").exists()


@pytest.mark.parametrize("day", ["2024-02-30", "0001-01-01"])
def test_a_group_page_says_which_date_of_its_period_it_refused(world, staff_a_client, day):
    url = reverse("archives:group", args=[world.group_a.pk])

    response = staff_a_client.get(url, {"start": day, "end": "2024-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    assert response.context["end"].isoformat() == "2024-12-31"
