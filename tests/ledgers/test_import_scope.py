"""Staff scoped to areas import only what lies in their areas: the record a row finds by
its key, and every record the row links it to (activities/reach.py for other areas'
groups and deputies)."""

import pytest

from accounts.models import Role
from activities.models import Activity, ContactTally, Output, Problem
from representatives.models import Area, Group, Membership, Representative
from tests.conftest import login

from .conftest import database_state, errors, run_import
from .files import LEDGERS

HEADERS = {kind: rows[0] for kind, rows in LEDGERS.items()}
# Rows the province's office imports for 湘西州 (area B) before staff of 娄底市 try theirs.
B_PROBLEM = ["WT9", "HD2", "学校食堂改造", "教育", "省教育厅", "办理中", "", "", ""]
B_OUTPUT = ["CG9", "", "HD2", "代表建议", "湘西食堂建议", "HN2", "2024-08-20"]
JOINT = ["HD2", "", "2024/8/1", "年度述职", "吉首市", "own_group",
         "湘西州第一代表小组、娄底市第一代表小组", "", "HN2", "乡村振兴", "", "否"]  # fmt: skip


def activity_row(ref, **cells):
    """The activities ledger's row `ref`, with `cells` ({header: value}) changed."""
    row = next(list(row) for row in LEDGERS["activities"] if row[0] == ref)
    for header, value in cells.items():
        row[HEADERS["activities"].index(header)] = value
    return row


@pytest.fixture
def ledgers_in(imported):
    """Every ledger imported by the province's office, plus a problem and an output of B."""
    imported("contacts")
    for kind, extra in [("problems", B_PROBLEM), ("outputs", B_OUTPUT)]:
        report = run_import(kind, [HEADERS[kind], extra])
        assert report.ok, report.errors
    report = run_import("contacts", LEDGERS["contacts"])
    assert report.ok, report.errors


@pytest.fixture
def staff_a(staff_a_client):
    return staff_a_client.user


@pytest.fixture
def staff_b(areas, django_user_model):
    return login(django_user_model, "staff-b", Role.STAFF, [Area.objects.get(name="湘西州")]).user


@pytest.fixture
def joint(ledgers_in):
    """HD2 made a joint activity of 湘西州 and 娄底市 by the province's office."""
    report = run_import("activities", [HEADERS["activities"], JOINT])
    assert report.ok, report.errors
    return Activity.objects.get(ref="HD2")


def group_names(activity):
    return sorted(activity.groups.values_list("name", flat=True))


def test_a_problem_of_another_area_cannot_be_taken_over_by_its_ref(ledgers_in, staff_a, staff_b):
    before = database_state()
    taken = ["WT9", "HD1", "娄底的问题", "教育", "省教育厅", "已收集", "", "", ""]

    report = run_import("problems", [HEADERS["problems"], taken], user=staff_a)

    assert errors(report) == [(2, "编号", "“WT9”不在您负责的地区内。")]
    assert database_state() == before
    assert Problem.objects.visible_to(staff_b).get(ref="WT9").title == "学校食堂改造"


def test_an_output_of_another_area_cannot_be_taken_over_by_its_ref(ledgers_in, staff_a, staff_b):
    before = database_state()
    taken = ["CG9", "spring", "HD1", "调研报告", "娄底的报告", "HN1", "2024-05-30"]

    report = run_import("outputs", [HEADERS["outputs"], taken], user=staff_a)

    assert errors(report) == [(2, "编号", "“CG9”不在您负责的地区内。")]
    assert database_state() == before
    output = Output.objects.visible_to(staff_b).get(ref="CG9")
    assert list(output.representatives.values_list("code", flat=True)) == ["HN2"]


def test_a_deputy_of_another_area_is_not_made_an_author(ledgers_in, staff_a):
    row = ["CG1", "spring", "HD1", "调研报告", "农村学校调研报告", "HN3、HN1、HN2", "2024-05-30"]

    report = run_import("outputs", [HEADERS["outputs"], row], user=staff_a)

    assert errors(report) == [(2, "代表", "刘桂兰（HN2）是其他地区的代表。")]
    codes = Output.objects.get(ref="CG1").representatives.values_list("code", flat=True)
    assert sorted(codes) == ["HN1", "HN3"]


def test_staff_cannot_turn_a_joint_activity_into_one_of_another_area(joint, staff_a):
    row = activity_row("HD2", 代表小组="湘西州第一代表小组")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert errors(report) == [(2, "代表小组", "活动须至少有一个您负责地区的代表小组。")]
    assert group_names(joint) == ["娄底市第一代表小组", "湘西州第一代表小组"]


def test_staff_cannot_take_the_group_of_another_area_off_a_joint_activity(joint, staff_a):
    row = activity_row("HD2", 代表小组="娄底市第一代表小组")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert errors(report) == [
        (2, "代表小组", "“湘西州第一代表小组”是其他地区的代表小组，须保留在活动中。")
    ]
    assert group_names(joint) == ["娄底市第一代表小组", "湘西州第一代表小组"]


def test_staff_may_reimport_a_joint_activity_as_it_is(joint, staff_a):
    row = [*JOINT[:3], "年度述职（修订）", *JOINT[4:]]

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert report.ok, report.errors
    joint.refresh_from_db()
    assert joint.title == "年度述职（修订）"
    assert group_names(joint) == ["娄底市第一代表小组", "湘西州第一代表小组"]


def test_staff_cannot_add_a_group_of_another_area(ledgers_in, staff_a):
    row = activity_row("HD1", 代表小组="娄底市第一代表小组、湘西州第一代表小组")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert errors(report) == [(2, "代表小组", "“湘西州第一代表小组”不在您负责的地区内。")]
    assert group_names(Activity.objects.get(ref="HD1")) == ["娄底市第一代表小组"]


def test_a_deputy_of_another_area_named_by_card_number_is_a_guest(ledgers_in, staff_a):
    row = activity_row("HD1", 参加代表="HN1、HN2")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert report.ok, report.errors
    attendance = Activity.objects.get(ref="HD1").attendance
    assert attendance.get(representative__code="HN2").status == "guest"


def test_a_deputy_of_another_area_is_not_made_a_lead_representative(ledgers_in, staff_a):
    row = activity_row("HD1", 领导干部代表="HN3、HN2")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert errors(report) == [(2, "领导干部代表", "刘桂兰（HN2）是其他地区的代表。")]


def test_a_provincial_leader_of_another_area_may_lead_an_activity(ledgers_in, staff_a):
    leader = Representative.objects.create(code="HN8", name="省领导", is_provincial_leader=True)
    Membership.objects.create(
        representative=leader, group=Group.objects.get(name="湘西州第一代表小组")
    )
    row = activity_row("HD1", 领导干部代表="HN3、HN8")

    report = run_import("activities", [HEADERS["activities"], row], user=staff_a)

    assert report.ok, report.errors
    leaders = Activity.objects.get(ref="HD1").leaders.values_list("code", flat=True)
    assert sorted(leaders) == ["HN3", "HN8"]


def test_a_tally_of_another_area_found_by_its_key_is_not_changed(ledgers_in, staff_a):
    row = ["湘西州", "2024-03-01", "2024-06-30", "spring", "1", "1", "1"]

    report = run_import("contacts", [HEADERS["contacts"], row], user=staff_a)

    assert errors(report) == [(2, "单位", "“湘西州”不在您负责的地区内。")]
    assert ContactTally.objects.get(area__name="湘西州").person_times == 8600


@pytest.mark.parametrize("kind", ["roster", "campaigns"])
def test_a_user_scoped_to_areas_imports_no_roster_or_campaign(areas, django_user_model, kind):
    admin = login(django_user_model, "city-admin", Role.ADMIN, [Area.objects.get(name="娄底市")])
    before = database_state()

    report = run_import(kind, LEDGERS[kind], user=admin.user)

    assert errors(report) == [(None, "", "此类文件只能由负责全省的用户导入。")]
    assert database_state() == before
