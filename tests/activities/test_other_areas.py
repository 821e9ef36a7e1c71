"""The activity form and other areas' groups and deputies (the rule in activities/reach.py):
a joint activity stays joint, a guest may come from any area (tests/activities/test_guests.py)."""

import pytest
from django.urls import reverse

from activities.models import Activity, Output

from .test_registration import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(world):
    """world.activity_a made a joint activity of both areas by the province's office."""
    world.activity_a.groups.add(world.group_b)
    return world.activity_a


def edit(client, activity, data):
    return client.post(reverse("activities:activity-edit", args=[activity.pk]), data)


def test_staff_cannot_turn_a_joint_activity_into_one_of_another_area(world, joint, staff_a_client):
    response = edit(staff_a_client, joint, form_data(world, save="1", groups=[world.group_b.pk]))

    assert response.status_code == 200
    assert "活动须至少有一个您负责地区的代表小组。" in response.content.decode()
    assert set(joint.groups.all()) == {world.group_a, world.group_b}


def test_staff_cannot_take_the_group_of_another_area_off_a_joint_activity(
    world, joint, staff_a_client
):
    response = edit(staff_a_client, joint, form_data(world, save="1", groups=[world.group_a.pk]))

    assert response.status_code == 200
    assert "“湘西州第一代表小组”是其他地区的代表小组，须保留在活动中。" in (
        response.content.decode()
    )
    assert set(joint.groups.all()) == {world.group_a, world.group_b}


def test_staff_cannot_add_a_group_of_another_area(world, staff_a_client):
    groups = [world.group_a.pk, world.group_b.pk]

    response = edit(staff_a_client, world.activity_a, form_data(world, save="1", groups=groups))

    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert list(world.activity_a.groups.all()) == [world.group_a]


def test_a_deputy_of_another_area_is_found_by_exact_card_number(world, staff_a_client):
    data = form_data(world, guest_query="B1", search_guest="1")

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert [rep["code"] for rep in response.context["found"]] == ["B1"]


def test_the_guest_search_by_name_finds_a_deputy_of_another_area(world, staff_a_client):
    data = form_data(world, guest_query="王五", search_guest="1")

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert [rep["code"] for rep in response.context["found"]] == ["B1"]


def test_a_raw_representative_id_posted_as_a_guest_is_refused(world, staff_a_client):
    other = world.reps_b[0]
    data = form_data(world, save="1", guest=[str(other.pk)])

    response = staff_a_client.post(reverse("activities:activity-create"), data)

    assert response.status_code == 200
    assert f"没有代表证号为“{other.pk}”的代表。" in response.content.decode()
    assert not Activity.objects.filter(title="娄星区小组走访").exists()


def test_a_lead_representative_of_another_area_stays_on_the_activity(world, joint, staff_a_client):
    joint.leaders.add(world.reps_b[0])

    response = edit(staff_a_client, joint, form_data(world, save="1", groups=[
        world.group_a.pk, world.group_b.pk]))  # fmt: skip

    assert response.status_code == 200
    assert "王五（B1）是其他地区的代表，须保留。" in response.content.decode()
    assert list(joint.leaders.all()) == [world.reps_b[0]]


def test_a_lead_representative_of_another_area_is_kept_when_saved(world, joint, staff_a_client):
    joint.leaders.add(world.reps_b[0])
    data = form_data(
        world, save="1", groups=[world.group_a.pk, world.group_b.pk], leaders=[world.reps_b[0].pk]
    )

    response = edit(staff_a_client, joint, data)

    assert response.status_code == 302
    assert list(joint.leaders.all()) == [world.reps_b[0]]


def test_an_author_of_another_area_stays_on_an_output(world, joint, staff_a_client):
    output = Output.objects.create(kind="suggestion", title="联合建议", activity=joint)
    output.representatives.set([world.reps_a[0], world.reps_b[0]])
    data = {"kind": "suggestion", "title": "联合建议（改）", "activity": joint.pk,
            "representatives": [world.reps_a[0].pk]}  # fmt: skip

    response = staff_a_client.post(reverse("activities:outputs-edit", args=[output.pk]), data)

    assert "王五（B1）是其他地区的代表，须保留。" in response.content.decode()
    assert set(output.representatives.all()) == {world.reps_a[0], world.reps_b[0]}


def test_an_output_without_an_activity_needs_an_author_of_the_users_areas(world, staff_a_client):
    data = {"kind": "suggestion", "title": "无人署名", "campaign": world.campaign.pk}

    response = staff_a_client.post(reverse("activities:outputs-add"), data)

    assert "未关联活动的成果须至少有一位您负责地区的代表。" in response.content.decode()
    assert not Output.objects.exists()


def test_a_joint_activity_links_only_what_its_viewer_may_open(world, joint, staff_a_client):
    guest = world.reps_b[0]
    joint.attendance.create(representative=guest, status="guest")

    page = staff_a_client.get(joint.get_absolute_url()).content.decode()

    own_group = reverse("archives:group", args=[world.group_a.pk])
    own_member = reverse("archives:representative", args=[world.reps_a[0].pk])
    assert f'href="{own_group}"' in page
    assert f'href="{own_member}"' in page
    for other in [
        reverse("archives:group", args=[world.group_b.pk]),
        reverse("archives:representative", args=[guest.pk]),
    ]:
        assert staff_a_client.get(other).status_code == 404
        assert f'href="{other}"' not in page
    assert world.group_b.name in page and guest.name in page  # named, not linked
