"""Registering an activity: the attendance checklist, guests, and the refusal rules."""

import datetime
import uuid

import pytest
from django.urls import reverse

from activities.models import Activity, Attendance
from representatives.models import Membership, Representative

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
    data = {
        "campaign": world.campaign.pk,
        "date": "2024-04-20",
        "title": "娄星区小组走访",
        "place": "娄星区",
        "mode": "own_group",
        "groups": [world.group_a.pk],
        "version": 0,
        "submission": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_checklist_lists_the_members_on_the_activity_date(world, staff_a_client):
    joined_later = Representative.objects.create(code="A3", name="新代表")
    Membership.objects.create(
        representative=joined_later, group=world.group_a, joined_on=datetime.date(2024, 5, 1)
    )
    left_before = Representative.objects.create(code="A4", name="老代表")
    Membership.objects.create(
        representative=left_before, group=world.group_a,
        joined_on=datetime.date(2020, 1, 1), left_on=datetime.date(2024, 1, 1),
    )  # fmt: skip

    response = staff_a_client.post(
        reverse("activities:activity-create"), form_data(world, refresh="1")
    )

    listed = [row["rep"].code for row in response.context["checklist"].rows]
    assert listed == [
        "A2",
        "A1",
    ]  # 李四 (ls), 吴静波 (wjb): pinyin order; not who joined later or left
    assert not Activity.objects.filter(title="娄星区小组走访").exists()


def test_saving_records_present_leave_absent_and_guests(world, staff_a_client):
    a1, a2 = world.reps_a
    guest = world.reps_b[0]
    data = form_data(
        world, save="1", guest=[guest.code],
        **{f"status_{a1.pk}": "present", f"status_{a2.pk}": "leave", f"reason_{a2.pk}": "住院"},
    )  # fmt: skip

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    activity = Activity.objects.get(title="娄星区小组走访")
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    rows = {(a.representative.code, a.status, a.reason) for a in activity.attendance.all()}
    assert rows == {("A1", "present", ""), ("A2", "leave", "住院"), ("B1", "guest", "")}
    assert activity.ref == f"HD-{activity.pk:06d}"


def test_the_activity_page_shows_its_own_attendance_rate(world, leader_client):
    page = leader_client.get(world.activity_a.get_absolute_url()).content.decode()

    # world.activity_a: A1 present, A2 absent.
    assert "应到 2 人，出席 1 人（50.0%），列席 0 人。" in page


def test_leave_without_a_reason_is_refused_and_nothing_saved(world, staff_a_client):
    a1 = world.reps_a[0]
    data = form_data(world, save="1", **{f"status_{a1.pk}": "leave"})

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert response.status_code == 200
    assert "请填写吴静波的请假原因。" in response.content.decode()
    assert not Activity.objects.filter(title="娄星区小组走访").exists()


def test_a_date_outside_the_campaign_is_refused_with_its_period(world, staff_a_client):
    response = staff_a_client.post(
        reverse("activities:activity-create"), form_data(world, save="1", date="2024-07-01")
    )

    assert response.status_code == 200
    assert "日期不在主题活动“春季走访”的活动期间（2024年3月1日至2024年5月31日）内。" in (
        response.content.decode()
    )
    assert not Activity.objects.filter(title="娄星区小组走访").exists()


def test_a_double_submit_creates_one_activity(world, staff_a_client):
    data = form_data(world, save="1")

    first = staff_a_client.post(reverse("activities:activity-create"), data)
    second = staff_a_client.post(reverse("activities:activity-create"), data)

    assert Activity.objects.filter(title="娄星区小组走访").count() == 1
    assert first.url == second.url


def test_a_save_over_a_newer_save_is_refused_and_the_input_kept(world, staff_a_client):
    url = reverse("activities:activity-edit", args=[world.activity_a.pk])
    opened = {"version": world.activity_a.version, "submission": ""}
    staff_a_client.post(url, form_data(world, save="1", title="先保存的", **opened))

    response = staff_a_client.post(url, form_data(world, save="1", title="后保存的", **opened))

    world.activity_a.refresh_from_db()
    assert world.activity_a.title == "先保存的"
    assert "他人已保存了这项活动" in response.content.decode()
    assert response.context["form"]["title"].value() == "后保存的"


def test_editing_keeps_attendance_that_is_still_ticked(world, staff_a_client):
    a1, a2 = world.reps_a
    url = reverse("activities:activity-edit", args=[world.activity_a.pk])

    staff_a_client.post(url, form_data(world, save="1", **{f"status_{a1.pk}": "absent"}))

    rows = {
        (a.representative_id, a.status)
        for a in Attendance.objects.filter(activity=world.activity_a)
    }
    assert rows == {(a1.pk, "absent")}  # A2 unticked: no longer recorded
    assert a2.pk not in {rep_id for rep_id, _ in rows}


def test_guests_are_found_by_pinyin_initials(world, staff_b_client):
    response = staff_b_client.post(
        reverse("activities:activity-create"),
        form_data(world, groups=[world.group_b.pk], guest_query="ww", search_guest="1"),
    )

    assert [rep["code"] for rep in response.context["found"]] == ["B1"]  # 王五: wang wu → ww


def test_the_search_endpoint_answers_pinyin_initials(world, staff_a_client):
    response = staff_a_client.get(reverse("representatives:search"), {"q": "wjb"})

    assert response.json() == {
        "results": [{"code": "A1", "name": "吴静波", "group": "娄星区代表小组"}]
    }


def test_the_search_finds_the_deputies_of_other_areas_for_the_guest_box(world, staff_b_client):
    response = staff_b_client.get(reverse("representatives:search"), {"q": "wjb"})

    assert response.json() == {
        "results": [{"code": "A1", "name": "吴静波", "group": "娄星区代表小组"}]
    }


def test_editing_a_joint_activity_keeps_the_group_of_another_area(world, staff_a_client):
    world.activity_a.groups.add(world.group_b)
    url = reverse("activities:activity-edit", args=[world.activity_a.pk])

    response = staff_a_client.post(
        url, form_data(world, save="1", groups=[world.group_a.pk, world.group_b.pk])
    )

    world.activity_a.refresh_from_db()
    assert response.status_code == 302
    assert world.activity_a.title == "娄星区小组走访"
    assert set(world.activity_a.groups.all()) == {world.group_a, world.group_b}
