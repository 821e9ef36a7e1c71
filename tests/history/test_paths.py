"""Each way a record changes leaves its history entry: who, through which path, and each
changed field old → new (issue 11, History)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role as RoleName
from activities.models import Activity, ContactTally, Problem
from ledgers.models import ImportRecord
from lianluo.history import IMPORT, recording
from representatives.models import Area, Representative
from tests.activities.test_registration import form_data
from tests.ledgers.conftest import areas, imported, run_import, staff_client  # noqa: F401
from tests.ledgers.files import CONTACTS, LEDGERS, PROBLEMS, ROSTER, changed
from tests.ledgers.test_upload import confirm, upload


def last_entry(record):
    return LogEntry.objects.get_for_object(record).order_by("-pk").first()


def entry_of(entry):
    """What the history says of an entry: action, who, path, changes."""
    username = entry.actor.username if entry.actor else None
    path = (entry.additional_data or {}).get("path")
    return entry.get_action_display(), username, path, entry.changes


def test_an_edit_through_the_form_is_recorded_with_its_user(world, staff_a_client):
    old = world.activity_a.title
    url = reverse("activities:activity-edit", args=[world.activity_a.pk])

    response = staff_a_client.post(url, form_data(world, save="1", title="改过的标题"))

    assert response.status_code == 302
    action, user, path, changes = entry_of(last_entry(world.activity_a))
    assert (action, user, path) == ("update", "staff-a", "form")
    assert changes["title"] == [old, "改过的标题"]
    assert "version" not in changes


def test_an_edit_in_the_admin_is_recorded_as_the_admins(world, admin_client):
    area = world.area_b
    url = reverse("admin:representatives_area_change", args=[area.pk])

    response = admin_client.post(
        url, {"name": "湘西土家族苗族自治州", "kind": area.kind, "parent": area.parent_id}
    )

    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "湘西土家族苗族自治州"
    action, user, path, changes = entry_of(last_entry(area))
    assert (action, user, path) == ("update", "admin", "admin")
    assert changes == {"name": ["湘西州", "湘西土家族苗族自治州"]}


def test_a_change_from_the_shell_is_recorded_as_the_shells(world):
    area = world.area_a
    command = f"from representatives.models import Area; a = Area.objects.get(pk={area.pk}); "
    command += "a.name = '娄底'; a.save()"

    call_command("shell", command=command)

    action, user, path, changes = entry_of(last_entry(area))
    assert (action, user, path) == ("update", None, "shell")
    assert changes == {"name": ["娄底市", "娄底"]}


def test_a_many_to_many_change_is_recorded(world):
    world.activity_a.groups.add(world.group_b)
    world.activity_a.groups.remove(world.group_b)

    entries = LogEntry.objects.get_for_object(world.activity_a).filter(changes__has_key="groups")
    added, removed = list(entries.order_by("pk"))[-2:]
    assert [added.changes["groups"], removed.changes["groups"]] == [
        {"type": "m2m", "operation": op, "objects": [str(world.group_b)]}
        for op in ("add", "delete")
    ]


@pytest.fixture
def uploaded_by_staff(staff_client, imported):  # noqa: F811 (fixtures)
    """The activities ledger imported (from the shell), then HD1 renamed by an upload."""
    imported("problems")
    rows = changed(LEDGERS["activities"], 1, "名称", "调研农村中小学")
    upload(staff_client, rows, kind="activities")
    record = ImportRecord.objects.get(user=staff_client.user)
    confirm(staff_client, record)
    record.refresh_from_db()
    assert record.status == "applied"
    return record


def test_an_import_records_each_changed_field_old_and_new(uploaded_by_staff):
    activity = Activity.objects.get(ref="HD1")

    entry = last_entry(activity)

    assert entry_of(entry) == (
        "update",
        "staff",
        "import",
        # A staff upload submits what it changes for review: the entry says so too.
        {"title": ["调研农村学校", "调研农村中小学"], "review": ["approved", "submitted"]},
    )
    assert entry.additional_data["import_id"] == uploaded_by_staff.pk


def test_an_import_leaves_one_entry_with_what_it_created_and_updated(uploaded_by_staff):
    action, user, path, changes = entry_of(last_entry(uploaded_by_staff))

    assert (action, user, path) == ("update", "staff", "import")
    assert changes["updated: 活动"] == ["None", "1"]


def test_a_first_import_records_each_created_record(imported):  # noqa: F811 (fixtures)
    imported("problems")

    created = LogEntry.objects.get_for_model(Activity).filter(action=LogEntry.Action.CREATE)

    assert sorted(entry.object_repr for entry in created) == sorted(
        str(activity) for activity in Activity.objects.all()
    )
    assert {(entry.additional_data or {}).get("path") for entry in created} == {"import"}


def test_a_new_role_given_to_a_user_is_recorded(world):
    user = get_user_model().objects.create_user("new-staff")

    user.groups.add(Role.objects.get(name=RoleName.STAFF))

    entry = last_entry(user)
    assert entry.changes["groups"]["operation"] == "add"


def test_a_deleted_area_leaves_its_entry(world):
    area = Area.objects.create(name="临时", kind=Area.Kind.COUNTY, parent=world.area_a)
    pk = area.pk

    area.delete()

    entry = LogEntry.objects.get_for_model(Area).filter(object_pk=str(pk)).order_by("-pk")[0]
    assert (entry.get_action_display(), entry.object_repr) == ("delete", "临时")


def test_a_roster_import_records_each_person_mandate_and_membership_it_changes(areas):  # noqa: F811
    run_import("roster", ROSTER)
    rows = changed(ROSTER, 4, "职务", "省长")
    rows = changed(rows, 4, "离组日期", "2024-06-30")
    rows = changed(rows, 4, "选举单位", "湘西州")

    with recording(IMPORT):
        assert run_import("roster", rows).ok

    person = Representative.objects.get(code="HN3")
    assert entry_of(last_entry(person))[3] == {"post": ["副省长", "省长"]}
    mandate = person.mandates.get()
    assert last_entry(mandate).changes == {
        "electoral_unit": [str(Area.objects.get(name="娄底市").pk), str(mandate.electoral_unit_id)]
    }
    membership = person.memberships.get()
    assert (last_entry(membership).object_repr, last_entry(membership).changes) == (
        "王建平 @ 娄底市第一代表小组",
        {"left_on": ["None", "2024-06-30"]},
    )
    created = LogEntry.objects.get_for_model(Representative).filter(action=LogEntry.Action.CREATE)
    assert sorted(entry.object_repr for entry in created) == [
        "刘桂兰（HN2）", "周明华（HN1）", "王建平（HN3）"
    ]  # fmt: skip


def test_a_problems_import_records_each_changed_field_and_the_status_change(imported):  # noqa: F811
    imported("problems")
    run_import("problems", PROBLEMS)
    rows = changed(PROBLEMS, 2, "状态", "已解决")
    rows = changed(rows, 2, "解决日期", "2024-06-01")
    rows = changed(rows, 2, "成效", "经费已落实")

    assert run_import("problems", rows).ok

    problem = Problem.objects.get(ref="WT2")
    assert last_entry(problem).changes == {
        "status": ["in_progress", "resolved"],
        "resolved_on": ["None", "2024-06-01"],
        "outcome": ["", "经费已落实"],
    }
    step = problem.history.latest("recorded_at")
    assert last_entry(step).get_action_display() == "create"


def test_a_tallies_import_records_each_changed_figure(imported):  # noqa: F811
    imported("contacts")
    run_import("contacts", CONTACTS)

    assert run_import("contacts", changed(CONTACTS, 1, "联系群众人次", "12500")).ok

    tally = ContactTally.objects.get(area__name="娄底市")
    entry = last_entry(tally)
    assert (entry.object_repr, entry.changes) == (
        "娄底市 2024-03-01–2024-06-30",
        {"person_times": ["12000", "12500"]},
    )
