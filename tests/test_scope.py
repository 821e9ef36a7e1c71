"""The one shared query method that narrows what a scoped user sees."""

import pytest

from activities.models import Activity, Attendance, ContactTally, Output
from representatives.models import Area, Group, Representative


def test_staff_of_area_a_see_only_area_a_records(world, staff_a_client):
    user = staff_a_client.user

    assert list(Activity.objects.visible_to(user)) == [world.activity_a]
    assert list(Group.objects.visible_to(user)) == [world.group_a]
    assert set(Representative.objects.visible_to(user)) == set(world.reps_a)
    assert {a.activity for a in Attendance.objects.visible_to(user)} == {world.activity_a}


def test_a_city_scope_covers_its_counties(world, staff_a_client):
    scope = Area.objects.visible_to(staff_a_client.user)

    assert set(scope) == {world.area_a, world.county_a}
    assert not Area.objects.sees_whole_province(staff_a_client.user)


def test_leaders_see_the_whole_province(world, leader_client):
    user = leader_client.user

    assert Area.objects.sees_whole_province(user)
    assert set(Activity.objects.visible_to(user)) == {world.activity_a, world.activity_b}


def test_outputs_and_tallies_follow_the_scope(world, staff_b_client):
    output_a = Output.objects.create(kind="suggestion", title="甲", activity=world.activity_a)
    output_b = Output.objects.create(kind="suggestion", title="乙", campaign=world.campaign)
    output_b.representatives.add(world.reps_b[0])
    tally_a = ContactTally.objects.create(area=world.area_a, start="2024-03-01", end="2024-05-31")
    tally_b = ContactTally.objects.create(area=world.area_b, start="2024-03-01", end="2024-05-31")
    user = staff_b_client.user

    assert list(Output.objects.visible_to(user)) == [output_b]
    assert list(ContactTally.objects.visible_to(user)) == [tally_b]
    assert output_a not in Output.objects.visible_to(user)
    assert tally_a not in ContactTally.objects.visible_to(user)


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Activity.objects.visible_to(AnonymousUser()).exists()


def csv_upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ledger.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_staff_cannot_import_activities_of_another_area(world, staff_a_client):
    from django.urls import reverse

    from ledgers.models import ImportRecord

    ledger = (
        "编号,日期,名称,代表小组,参加代表\n"
        "A-2,2024-04-20,小组学习,娄星区代表小组,A1\n"
        "B-2,2024-04-21,越界活动,湘西州第一代表小组,B1\n"
    )

    staff_a_client.post(
        reverse("ledgers:import-upload"), {"kind": "activities", "file": csv_upload(ledger)}
    )

    record = ImportRecord.objects.get()
    assert record.status == ImportRecord.Status.REFUSED
    assert record.summary["errors"] == [
        {"row": 3, "column": "代表小组", "message": "“湘西州第一代表小组”不在您负责的地区内。"}
    ]
    assert not Activity.objects.filter(ref__in=["A-2", "B-2"]).exists()


def test_staff_export_lists_only_their_areas(world, staff_a_client):
    from django.urls import reverse

    response = staff_a_client.get(reverse("ledgers:export", args=["activities", "csv"]))

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["A-1"]


def test_scoped_staff_see_only_their_own_imports(world, staff_a_client, staff_b_client):
    from django.urls import reverse

    from ledgers.models import ImportRecord

    staff_b_client.post(
        reverse("ledgers:import-upload"),
        {
            "kind": "contacts",
            "file": csv_upload("单位,开始日期,结束日期\n湘西州,2024-03-01,2024-05-31\n"),
        },
    )
    record = ImportRecord.objects.get()

    history = staff_a_client.get(reverse("ledgers:import-history"))

    assert list(history.context["page"]) == []
    assert staff_a_client.get(record.get_absolute_url()).status_code == 404
    assert staff_b_client.get(record.get_absolute_url()).status_code == 200


def test_areas_visible_to_staff_are_theirs_and_those_below(world, staff_a_client):
    assert set(Area.objects.visible_to(staff_a_client.user)) == {world.area_a, world.county_a}


def test_areas_visible_to_a_leader_are_the_province(world, leader_client):
    assert Area.objects.visible_to(leader_client.user).count() == Area.objects.count()
    assert Area.objects.sees_whole_province(leader_client.user)


def test_staff_may_change_what_they_see(world, staff_a_client):
    user = staff_a_client.user

    assert list(Activity.objects.editable_by(user)) == [world.activity_a]


def test_a_leader_sees_everything_and_may_change_nothing(world, leader_client):
    user = leader_client.user

    assert Activity.objects.visible_to(user).count() == 2
    assert not Activity.objects.editable_by(user).exists()


def test_an_import_is_confirmed_only_by_its_sender(world, staff_a_client, admin_role_client):
    from ledgers.models import ImportRecord

    record = ImportRecord.objects.create(
        user=staff_a_client.user, kind="contacts", file_name="a.csv", status="previewed"
    )

    assert list(ImportRecord.objects.editable_by(staff_a_client.user)) == [record]
    assert record in ImportRecord.objects.visible_to(admin_role_client.user)
    assert not ImportRecord.objects.editable_by(admin_role_client.user).exists()


def test_a_bulletin_draft_is_for_those_who_change_bulletins(world, leader_client, staff_b_client):
    from bulletins.models import Bulletin

    draft = Bulletin.objects.create(
        year=2024, number=1, total_number=1, date="2024-06-01", title="草稿"
    )

    assert draft not in Bulletin.objects.visible_to(leader_client.user)
    assert list(Bulletin.objects.editable_by(staff_b_client.user)) == [draft]
