"""Finding a guest 列席 on the activity form: any deputy of the province, by name, card
number or pinyin initials, showing no more than name, card number and group; and the
buttons that do not save say what they still need rather than doing nothing."""

import pytest
from django.urls import reverse

from activities.models import Activity, Attendance
from representatives.models import Membership, Representative

from .test_registration import form_data

pytestmark = pytest.mark.django_db

SECRET_POST = "湘西州某局局长"  # what a card of another area's deputy must not show


@pytest.fixture
def wangwu(world):
    """王五 (B1) of 湘西州, with a post staff of 娄底市 may not read."""
    guest = world.reps_b[0]
    guest.post = SECRET_POST
    guest.save()
    return guest


def find(client, world, query, **fields):
    data = form_data(world, guest_query=query, search_guest="1", **fields)
    return client.post(reverse("activities:activity-create"), data)


@pytest.mark.parametrize("query", ["王五", "B1", "ww", "WW"])
def test_staff_of_one_city_find_a_deputy_of_another_by_name_code_or_initials(
    world, wangwu, staff_a_client, query
):
    response = find(staff_a_client, world, query)

    assert response.context["found"] == [
        {"code": "B1", "name": "王五", "group": "湘西州第一代表小组"}
    ]
    page = response.content.decode()
    assert "湘西州第一代表小组" in page
    assert SECRET_POST not in page


def test_and_record_them_as_a_guest(world, wangwu, staff_a_client):
    data = form_data(world, save="1", guest=["B1"])

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert response.status_code == 302
    activity = Activity.objects.get(title="娄星区小组走访")
    assert Attendance.objects.get(activity=activity, representative=wangwu).status == "guest"


def test_the_search_answer_has_only_name_code_and_group(world, wangwu, staff_a_client):
    response = staff_a_client.get(reverse("representatives:search"), {"q": "王五"})

    assert response.json() == {
        "results": [{"code": "B1", "name": "王五", "group": "湘西州第一代表小组"}]
    }
    assert SECRET_POST not in response.content.decode("unicode_escape")


def test_a_deputy_who_left_their_group_shows_the_last_one(world, staff_a_client):
    gone = Representative.objects.create(code="B9", name="钱七")
    Membership.objects.create(
        representative=gone, group=world.group_b,
        joined_on="2020-01-01", left_on="2021-01-01",
    )  # fmt: skip

    response = staff_a_client.get(reverse("representatives:search"), {"q": "B9"})

    assert response.json()["results"] == [
        {"code": "B9", "name": "钱七", "group": "湘西州第一代表小组"}
    ]


def test_the_representatives_list_and_pages_stay_in_the_users_areas(world, wangwu, staff_a_client):
    listed = staff_a_client.get(reverse("representatives:representative-list"), {"q": "ww"})
    page = staff_a_client.get(reverse("archives:representative", args=[wangwu.pk]))

    assert "王五" not in listed.content.decode()
    assert page.status_code == 404


@pytest.mark.parametrize("query", ["zql", "cql", "曾庆林"])
def test_a_polyphonic_surname_is_found_in_every_reading(world, staff_a_client, query):
    zeng = Representative.objects.create(code="B7", name="曾庆林")
    Membership.objects.create(representative=zeng, group=world.group_b)

    response = find(staff_a_client, world, query)

    assert [rep["name"] for rep in response.context["found"]] == ["曾庆林"]


def test_listing_the_members_without_date_or_groups_says_what_is_missing(world, staff_a_client):
    data = form_data(world, refresh="1", date="", title="", groups=[])

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    page = response.content.decode()
    assert "列出成员前，请先填写：日期、代表小组。" in page
    assert "这个字段是必填项" not in page  # a round trip that saves nothing scolds nothing
    assert not Activity.objects.filter(title="").exists()


def test_listing_the_members_without_groups_names_only_the_groups(world, staff_a_client):
    data = form_data(world, refresh="1", title="", groups=[])

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert "列出成员前，请先填写：代表小组。" in response.content.decode()


def test_listing_the_members_without_a_title_lists_them(world, staff_a_client):
    response = staff_a_client.post(
        reverse("activities:activity-create"), form_data(world, refresh="1", title="")
    )

    assert {row["rep"].code for row in response.context["checklist"].rows} == {"A1", "A2"}
    assert "列出成员前" not in response.content.decode()


def test_a_guest_is_found_before_date_title_and_groups_are_filled(world, wangwu, staff_a_client):
    response = find(staff_a_client, world, "ww", date="", title="", groups=[])

    page = response.content.decode()
    assert [rep["code"] for rep in response.context["found"]] == ["B1"]
    assert "列出成员前" not in page
    assert "这个字段是必填项" not in page


def test_saving_still_says_which_fields_are_required(world, staff_a_client):
    data = form_data(world, save="1", title="")

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["title"]


def test_the_buttons_that_do_not_save_skip_the_browsers_required_check(world, staff_a_client):
    page = staff_a_client.get(reverse("activities:activity-create")).content.decode()

    for name in ("refresh", "search_guest"):
        assert f'name="{name}" class="secondary" formnovalidate' in page
