"""Choosing an activity's groups by typing (representatives/widgets.py SearchMultiPicker):
the registration page lists only the groups chosen, whatever the number the user may
register for (a province has 10,000); without scripts a search and its Find button offer
the groups found, and the server refuses a group outside the user's areas."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity
from representatives.models import Group

from ..conftest import login
from .test_registration import form_data

pytestmark = pytest.mark.django_db

NEW = reverse("activities:activity-create")


def ticked(html):
    """The names of the groups the page shows chosen (ticked boxes of `groups`)."""
    return re.findall(
        r'<input type="checkbox" name="groups" value="\d+" data-name="([^"]+)" checked>', html
    )


def offered(html):
    """The names of the groups the page offers to tick (found by the no-script search)."""
    return re.findall(
        r'<input type="checkbox" name="groups" value="\d+" data-name="([^"]+)">', html
    )


def test_the_page_weighs_the_same_and_reads_as_many_queries_for_ten_times_the_groups(
    world, django_user_model
):
    province = login(django_user_model, "staff-province", Role.STAFF)  # sees every group

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = province.get(NEW)
        return len(queries), len(response.content)

    page()  # the first request of a session reads what later ones keep
    Group.objects.bulk_create(
        Group(name=f"娄星区第{n:03}代表小组", area=world.county_a) for n in range(20)
    )
    few = page()
    Group.objects.bulk_create(
        Group(name=f"湘西州第{n:03}代表小组", area=world.area_b) for n in range(200)
    )

    assert page() == few
    html = province.get(NEW).content.decode()
    assert world.group_a.name not in html and "湘西州第199代表小组" not in html  # none listed


def test_without_scripts_the_groups_are_found_then_ticked(world, staff_a_client):
    Group.objects.create(name="娄星区第二代表小组", area=world.county_a)
    searched = staff_a_client.post(
        NEW, form_data(world, groups=[], groups_query="代表小组", groups_search="")
    )

    html = searched.content.decode()
    assert searched.status_code == 200 and "groups" not in searched.context["form"].errors
    assert offered(html) == ["娄星区代表小组", "娄星区第二代表小组"]  # not 湘西州's
    assert ticked(html) == []

    listed = staff_a_client.post(
        NEW, form_data(world, groups=[world.group_a.pk], groups_query="", refresh="")
    )

    html = listed.content.decode()
    assert ticked(html) == ["娄星区代表小组"] and offered(html) == []
    assert [row["rep"] for row in listed.context["checklist"].rows] == sorted(
        world.reps_a, key=lambda rep: (rep.initials, rep.name)
    )


def test_a_search_that_finds_nothing_or_cannot_be_made_says_so(world, staff_a_client):
    nothing = staff_a_client.post(NEW, form_data(world, groups_query="湘西", groups_search=""))
    refused = staff_a_client.post(NEW, form_data(world, groups_query="x" * 101, groups_search=""))

    assert "没有找到。" in nothing.content.decode()  # 湘西州's groups are another area's
    assert ticked(nothing.content.decode()) == ["娄星区代表小组"]  # the chosen one stays
    assert '<p class="error" data-no-script>' in refused.content.decode()


def test_a_group_outside_the_users_areas_is_refused_with_a_clear_message(world, staff_a_client):
    posted = form_data(world, save="1", groups=[world.group_a.pk, world.group_b.pk])

    response = staff_a_client.post(NEW, posted)

    assert response.status_code == 200
    assert response.context["form"].errors["groups"] == [
        "所选代表小组中有您不能为其登记活动的（不在您负责的地区，或已不存在），请重新选择。"
    ]
    assert not Activity.objects.filter(title=posted["title"]).exclude(pk=world.activity_a.pk)


def test_a_joint_activity_shows_its_groups_of_both_areas_chosen(world, staff_a_client):
    world.activity_a.groups.add(world.group_b)

    html = staff_a_client.get(
        reverse("activities:activity-edit", args=[world.activity_a.pk])
    ).content.decode()

    assert ticked(html) == ["娄星区代表小组", "湘西州第一代表小组"]
