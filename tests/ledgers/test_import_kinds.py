"""Each kind of ledger imports from .xlsx and from .csv in UTF-8, UTF-8 with BOM and
GB18030, a second time changes nothing, and a changed row updates its record."""

import datetime

import pytest

from activities.models import Activity, Attendance, ContactTally, Output, Problem, StatusChange
from representatives.models import Group, Mandate, Membership, Representative

from .conftest import run_import
from .files import FORMATS, LEDGERS, ORDER, changed

CREATED = {
    "roster": {"代表": 3, "代表资格": 4, "小组成员": 4},
    "campaigns": {"主题活动": 1},
    "activities": {"活动": 2},
    "problems": {"问题": 3},
    "outputs": {"成果": 2},
    "contacts": {"联系群众统计": 2},
}


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("kind", ORDER)
def test_a_good_file_imports_and_a_second_time_changes_nothing(imported, kind, file_format):
    imported(kind)

    first = run_import(kind, LEDGERS[kind], file_format)
    again = run_import(kind, LEDGERS[kind], file_format)

    assert first.ok, first.errors
    assert (dict(first.created), dict(first.updated)) == (CREATED[kind], {})
    assert (dict(again.created), dict(again.updated), dict(again.unchanged)) == (
        {},
        {},
        CREATED[kind],
    )


def test_the_roster_makes_people_mandates_groups_and_memberships(imported):
    imported("roster")

    report = run_import("roster", LEDGERS["roster"], "xlsx")

    zhou = Representative.objects.get(code="HN1")
    assert (zhou.name, zhou.gender, zhou.initials) == ("周明华", "male", "zmh")
    assert sorted(zhou.groups.values_list("name", flat=True)) == [
        "娄底市第一代表小组",
        "娄底市第三代表小组",
    ]
    levels = Mandate.objects.filter(representative__code="HN2").values_list("level", flat=True)
    assert set(levels) == {"provincial", "city"}
    assert Representative.objects.get(code="HN3").is_provincial_leader is True
    assert Group.objects.get(name="湘西州第一代表小组").area.name == "湘西州"
    assert sorted(report.new_names["代表小组"]) == sorted(
        ["娄底市第一代表小组", "娄底市第三代表小组", "湘西州第一代表小组"]
    )
    assert Membership.objects.get(
        representative=zhou, group__name="娄底市第三代表小组"
    ).joined_on == (datetime.date(2023, 1, 15))


def test_activities_record_present_members_and_guests(imported):
    imported("activities")

    run_import("activities", LEDGERS["activities"])

    hd1 = Activity.objects.get(ref="HD1")
    rows = {(a.representative.code, a.status) for a in Attendance.objects.filter(activity=hd1)}
    assert rows == {("HN1", "present"), ("HN3", "present"), ("HN2", "guest")}
    assert sorted(hd1.topics.values_list("name", flat=True)) == ["乡村振兴", "教育"]
    assert (hd1.mode, hd1.accompanied, hd1.campaign.slug) == ("own_group", True, "spring")
    assert Activity.objects.get(ref="HD2").campaign is None


def test_problems_keep_their_first_status_in_the_history(imported):
    imported("problems")

    run_import("problems", LEDGERS["problems"])

    resolved = Problem.objects.get(ref="WT1")
    assert (resolved.status, resolved.resolved_on, resolved.outcome) == (
        "resolved", datetime.date(2024, 5, 20), "新建40套",
    )  # fmt: skip
    assert list(resolved.history.values_list("from_status", "to_status")) == [("", "resolved")]
    assert Problem.objects.get(ref="WT3").note == "产权归村集体"


def test_a_changed_row_updates_its_record(imported):
    imported("problems")
    run_import("problems", LEDGERS["problems"])

    report = run_import("problems", changed(LEDGERS["problems"], 2, "状态", "已解决"))

    assert (dict(report.updated), report.unchanged["问题"]) == ({"问题": 1}, 2)
    problem = Problem.objects.get(ref="WT2")
    assert problem.status == "resolved"
    change = StatusChange.objects.filter(problem=problem).last()
    assert (change.from_status, change.to_status) == ("in_progress", "resolved")


def test_a_changed_person_and_an_ended_membership(imported):
    imported("roster")
    run_import("roster", LEDGERS["roster"])
    rows = changed(LEDGERS["roster"], 4, "职务", "省长")
    rows = changed(rows, 1, "离组日期", "2024-06-30")

    report = run_import("roster", rows)

    assert report.updated == {"代表": 1, "小组成员": 1}
    assert Representative.objects.get(code="HN3").post == "省长"
    ended = Membership.objects.get(representative__code="HN1", group__name="娄底市第一代表小组")
    assert ended.left_on == datetime.date(2024, 6, 30)


def test_outputs_and_tallies_land_where_the_file_says(imported):
    imported("contacts")

    run_import("contacts", LEDGERS["contacts"], "gb18030")

    assert set(Output.objects.get(ref="CG1").representatives.values_list("code", flat=True)) == {
        "HN1", "HN3",
    }  # fmt: skip
    assert ContactTally.objects.get(area__name="娄底市").aid_yuan == 1_500_000
