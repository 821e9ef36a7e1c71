"""The representatives list's search: name, card number or pinyin initials in every
reading, through the same lookup as the activity form's guest box; within the user's
areas."""

import pytest
from django.urls import reverse

from representatives.models import Membership, Representative

pytestmark = pytest.mark.django_db


def listed(client, query):
    response = client.get(reverse("representatives:representative-list"), {"q": query})
    return [rep.code for rep in response.context["page"]]


@pytest.mark.parametrize("query", ["wjb", "WJB", "wj", "吴静", "A1"])
def test_the_list_finds_by_initials_name_or_card_number(world, staff_a_client, query):
    assert listed(staff_a_client, query) == ["A1"]


@pytest.mark.parametrize("query", ["zql", "cql", "zq"])
def test_a_polyphonic_surname_is_read_as_a_surname_and_as_written(world, staff_a_client, query):
    zeng = Representative.objects.create(code="A7", name="曾庆林")
    Membership.objects.create(representative=zeng, group=world.group_a)

    assert listed(staff_a_client, query) == ["A7"]


def test_a_reading_is_matched_from_its_start(world, staff_a_client):
    zeng = Representative.objects.create(code="A7", name="曾庆林")
    Membership.objects.create(representative=zeng, group=world.group_a)

    assert listed(staff_a_client, "ql") == []


def test_the_list_stays_in_the_users_areas(world, staff_a_client):
    assert listed(staff_a_client, "ww") == []
    assert listed(staff_a_client, "B1") == []


def test_the_list_says_what_its_search_takes(world, staff_a_client):
    page = staff_a_client.get(reverse("representatives:representative-list")).content.decode()

    assert "姓名、代表证号或拼音首字母" in page
