"""Choosing a group by typing (representatives/group_search.py): the JSON search behind
the list filters' picker, and the same filters without script, as a text box."""

import re

import pytest

from representatives.group_search import FOUND_AT_MOST
from representatives.models import Group

pytestmark = pytest.mark.django_db


def test_the_search_answers_the_groups_the_user_may_see(world, staff_a_client):
    Group.objects.create(name="湘西州第二代表小组", area=world.area_b)
    answer = staff_a_client.get("/representatives/groups/search/", {"q": "代表小组"})
    assert answer.json() == {
        "results": [{"id": world.group_a.pk, "name": "娄星区代表小组", "area": "娄星区"}]
    }
    outside = staff_a_client.get("/representatives/groups/search/", {"q": "湘西"})
    assert outside.json() == {"results": []}


def test_the_search_answers_a_few_the_exact_name_first(world, leader_client):
    for number in range(FOUND_AT_MOST + 5):
        Group.objects.create(name=f"娄星区代表小组{number:02}", area=world.county_a)
    found = leader_client.get("/representatives/groups/search/", {"q": "娄星区代表小组"}).json()
    names = [group["name"] for group in found["results"]]
    assert len(names) == FOUND_AT_MOST
    assert names[:3] == ["娄星区代表小组", "娄星区代表小组00", "娄星区代表小组01"]


def test_the_search_finds_a_group_by_its_pinyin_initials(world, leader_client):
    found = leader_client.get("/representatives/groups/search/", {"q": "XXZ"}).json()
    assert found == {
        "results": [{"id": world.group_b.pk, "name": "湘西州第一代表小组", "area": "湘西州"}]
    }
    page = leader_client.get("/activities/", {"group": "lxq"})  # no script: the box's text
    assert [a.pk for a in page.context["page"]] == [world.activity_a.pk]


def test_the_search_refuses_what_no_name_holds(leader_client):
    nul = leader_client.get("/representatives/groups/search/", {"q": "a\x00b"})
    assert nul.status_code == 400 and nul.json() == {"results": []}
    assert leader_client.get("/representatives/groups/search/").json() == {"results": []}


def test_the_search_is_for_signed_in_users(client):
    response = client.get("/representatives/groups/search/", {"q": "小组"})
    assert response.status_code == 302


def test_a_part_of_one_name_chooses_the_group_without_script(world, leader_client):
    page = leader_client.get("/activities/", {"group": "湘西州第一"})
    assert [a.pk for a in page.context["page"]] == [world.activity_b.pk]
    html = page.content.decode()  # the box shows the whole name chosen
    assert re.search(r'<input type="search" name="group" value="湘西州第一代表小组"', html)
    people = leader_client.get("/representatives/", {"group": "湘西州第一代表小组"})
    assert {rep.code for rep in people.context["page"]} == {"B1", "B2"}


def test_an_older_link_by_key_still_chooses_the_group(world, leader_client):
    page = leader_client.get("/activities/", {"group": world.group_a.pk})
    assert [a.pk for a in page.context["page"]] == [world.activity_a.pk]


def test_a_part_of_several_names_is_refused_with_the_names(world, leader_client):
    page = leader_client.get("/activities/", {"group": "代表小组"})
    html = page.content.decode()
    assert (
        "“代表小组”在多个代表小组的名称中：娄星区代表小组、湘西州第一代表小组。请多输入几个字。"
        in html
    )
    assert len(page.context["page"]) == 2  # the filter with an error is not applied


def test_a_group_out_of_scope_is_not_chosen(world, staff_a_client):
    page = staff_a_client.get("/activities/", {"group": "湘西州第一代表小组"})
    assert "没有您可查看的代表小组名称含有“湘西州第一代表小组”。" in page.content.decode()
    page = staff_a_client.get("/activities/", {"group": world.group_b.pk})
    assert [a.pk for a in page.context["page"]] == [world.activity_a.pk]


def test_a_member_who_came_back_is_listed_once(world, leader_client):
    rep = world.reps_a[0]
    rep.memberships.update(left_on="2023-06-30")
    rep.memberships.create(group=world.group_a, joined_on="2024-01-01")
    people = leader_client.get("/representatives/", {"group": world.group_a.name})
    assert sorted(r.code for r in people.context["page"]) == ["A1", "A2"]
