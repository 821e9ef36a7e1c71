"""Each kind of ledger imports from .xlsx and from .csv in UTF-8, UTF-8 with BOM and
GB18030, a second time changes nothing, and a changed row updates its record."""

import datetime
from collections import Counter

import pytest

from activities.models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    MediaReport,
    Output,
    Problem,
    StatusChange,
)
from representatives.models import Group, Mandate, Membership, Representative
from suggestions.models import Suggestion

from .conftest import database_state, outcome, run_import
from .files import FORMATS, LEDGERS, ORDER, changed

CREATED = {
    "roster": {"代表": 3, "代表资格": 4, "小组成员": 4, "任职经历": 3},
    "campaigns": {"主题活动": 1},
    "activities": {"活动": 2},
    "problems": {"问题": 3},
    "outputs": {"成果": 2},
    "contacts": {"联系群众统计": 2},
    "media": {"宣传报道": 2},
    "suggestions": {"代表建议": 2},
}
RECORDS = {  # the records of the file's key, and how many it holds
    "roster": (Representative, 3), "campaigns": (Campaign, 1), "activities": (Activity, 2),
    "problems": (Problem, 3), "outputs": (Output, 2), "contacts": (ContactTally, 2),
    "media": (MediaReport, 2), "suggestions": (Suggestion, 2),
}  # fmt: skip


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("kind", ORDER)
def test_a_good_file_imports(imported, kind, file_format):
    imported(kind)

    report = run_import(kind, LEDGERS[kind], file_format)

    assert outcome(report) == (CREATED[kind], {}, {})
    model, count = RECORDS[kind]
    assert model.objects.count() == count


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("kind", ORDER)
def test_a_second_import_changes_nothing(imported, kind, file_format):
    imported(kind)
    run_import(kind, LEDGERS[kind], file_format)
    before = database_state()

    report = run_import(kind, LEDGERS[kind], file_format)

    assert outcome(report) == ({}, {}, CREATED[kind])
    assert database_state() == before


UPDATES = [
    # (kind, data row, column, new value, what the record then holds, the value, records)
    ("roster", 4, "党派", "民盟盟员",  # a new 职务 dates the posts: tests/archives
     lambda: Representative.objects.get(code="HN3").party, "民盟盟员", "代表"),
    ("campaigns", 1, "结束日期", "2024-07-31",
     lambda: Campaign.objects.get(slug="spring").end, datetime.date(2024, 7, 31), "主题活动"),
    ("activities", 1, "地点", "娄星区大科街道",
     lambda: Activity.objects.get(ref="HD1").place, "娄星区大科街道", "活动"),
    ("problems", 2, "承办单位", "省财政厅",
     lambda: Problem.objects.get(ref="WT2").department.name, "省财政厅", "问题"),
    ("outputs", 2, "标题", "村道养护与管理建议",
     lambda: Output.objects.get(ref="CG2").title, "村道养护与管理建议", "成果"),
    ("contacts", 2, "联系群众人次", "8800",
     lambda: ContactTally.objects.get(area__name="湘西州").person_times, 8800, "联系群众统计"),
    ("media", 2, "链接", "www.rednet.cn/a",
     lambda: MediaReport.objects.get(ref="BD2").url, "https://www.rednet.cn/a", "宣传报道"),
]  # fmt: skip


@pytest.mark.parametrize(
    "kind, row, column, value, held, expected, records", UPDATES, ids=[u[0] for u in UPDATES]
)
def test_a_changed_row_updates_its_record(
    imported, kind, row, column, value, held, expected, records
):
    imported(kind)
    run_import(kind, LEDGERS[kind])

    report = run_import(kind, changed(LEDGERS[kind], row, column, value))

    unchanged = dict(Counter(CREATED[kind]) - Counter({records: 1}))
    assert outcome(report) == ({}, {records: 1}, unchanged)
    assert held() == expected


# The records of UPDATES that people also edit by form: a change by file moves the version.
EDITED_BY_FORM = {
    "activities": lambda: Activity.objects.get(ref="HD1"),
    "problems": lambda: Problem.objects.get(ref="WT2"),
    "outputs": lambda: Output.objects.get(ref="CG2"),
    "contacts": lambda: ContactTally.objects.get(area__name="湘西州"),
    "media": lambda: MediaReport.objects.get(ref="BD2"),
}


@pytest.mark.parametrize(
    "kind, row, column, value",
    [update[:4] for update in UPDATES if update[0] in EDITED_BY_FORM],
    ids=list(EDITED_BY_FORM),
)
def test_a_changed_row_moves_its_records_version(imported, kind, row, column, value):
    """So a form opened before the import refuses to save over what the file wrote."""
    imported(kind)
    run_import(kind, LEDGERS[kind])
    before = EDITED_BY_FORM[kind]().version

    run_import(kind, changed(LEDGERS[kind], row, column, value))

    assert EDITED_BY_FORM[kind]().version == before + 1


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
    assert sorted(levels) == ["city", "provincial"]
    assert Representative.objects.get(code="HN3").is_provincial_leader is True
    assert Group.objects.get(name="湘西州第一代表小组").area.name == "湘西州"
    assert report.new_names["代表小组"] == [
        "娄底市第一代表小组",
        "娄底市第三代表小组",
        "湘西州第一代表小组",
    ]
    assert Membership.objects.get(
        representative=zhou, group__name="娄底市第三代表小组"
    ).joined_on == (datetime.date(2023, 1, 15))


def test_a_roster_row_with_a_leaving_date_ends_the_membership(imported):
    imported("roster")
    run_import("roster", LEDGERS["roster"])

    report = run_import("roster", changed(LEDGERS["roster"], 1, "离组日期", "2024-06-30"))

    assert report.updated == {"小组成员": 1}
    ended = Membership.objects.get(representative__code="HN1", group__name="娄底市第一代表小组")
    assert (ended.joined_on, ended.left_on) == (
        datetime.date(2023, 1, 15),
        datetime.date(2024, 6, 30),
    )


def test_a_roster_never_deletes_a_membership_it_does_not_name(imported):
    imported("roster")
    run_import("roster", LEDGERS["roster"])
    rows = [row for row in LEDGERS["roster"] if row[7] != "娄底市第三代表小组"]

    report = run_import("roster", rows)

    assert report.ok, report.errors
    assert sorted(
        Membership.objects.filter(representative__code="HN1").values_list("group__name", "left_on")
    ) == [("娄底市第一代表小组", None), ("娄底市第三代表小组", None)]


def test_activities_record_present_members_and_guests(imported):
    imported("activities")

    run_import("activities", LEDGERS["activities"])

    hd1 = Activity.objects.get(ref="HD1")
    rows = {(a.representative.code, a.status) for a in Attendance.objects.filter(activity=hd1)}
    assert rows == {("HN1", "present"), ("HN3", "present"), ("HN2", "guest")}
    assert sorted(hd1.topics.values_list("name", flat=True)) == ["乡村振兴", "教育"]
    assert (hd1.mode, hd1.accompanied, hd1.campaign.slug) == ("own_group", True, "spring")
    assert Activity.objects.get(ref="HD2").campaign is None


def test_an_attendee_left_out_of_a_changed_row_no_longer_takes_part(imported):
    imported("activities")
    run_import("activities", LEDGERS["activities"])

    report = run_import("activities", changed(LEDGERS["activities"], 1, "参加代表", "HN1、HN3"))

    assert outcome(report) == ({}, {"活动": 1}, {"活动": 1})
    attendees = Attendance.objects.filter(activity__ref="HD1").values_list(
        "representative__code", flat=True
    )
    assert sorted(attendees) == ["HN1", "HN3"]


def test_a_page_recorded_absence_is_kept_by_a_reimport(imported):
    imported("activities")
    run_import("activities", LEDGERS["activities"])
    absent = Attendance.objects.get(activity__ref="HD1", representative__code="HN1")
    absent.status, absent.reason = Attendance.Status.LEAVE, "公务冲突"
    absent.save()

    run_import("activities", changed(LEDGERS["activities"], 1, "参加代表", "HN3；HN2"))

    absent.refresh_from_db()
    assert (absent.status, absent.reason) == ("leave", "公务冲突")


def test_problems_keep_their_first_status_in_the_history(imported):
    imported("problems")

    run_import("problems", LEDGERS["problems"])

    resolved = Problem.objects.get(ref="WT1")
    assert (resolved.status, resolved.resolved_on, resolved.outcome) == (
        "resolved", datetime.date(2024, 5, 20), "新建40套",
    )  # fmt: skip
    assert list(resolved.history.values_list("from_status", "to_status")) == [("", "resolved")]
    assert Problem.objects.get(ref="WT3").note == "产权归村集体"


def test_a_changed_status_is_added_to_the_problems_history(imported):
    imported("problems")
    run_import("problems", LEDGERS["problems"])
    rows = changed(changed(LEDGERS["problems"], 2, "状态", "已解决"), 2, "成效", "已修复")

    run_import("problems", changed(rows, 2, "解决日期", "2024-06-01"))

    problem = Problem.objects.get(ref="WT2")
    assert (problem.status, problem.resolved_on) == ("resolved", datetime.date(2024, 6, 1))
    change = StatusChange.objects.filter(problem=problem).last()
    assert (change.from_status, change.to_status, change.changed_on) == (
        "in_progress", "resolved", datetime.date(2024, 6, 1),
    )  # fmt: skip


def test_an_outputs_authors_follow_the_file(imported):
    imported("outputs")
    run_import("outputs", LEDGERS["outputs"])

    report = run_import("outputs", changed(LEDGERS["outputs"], 1, "代表", "HN1"))

    assert outcome(report) == ({}, {"成果": 1}, {"成果": 1})
    authors = Output.objects.get(ref="CG1").representatives.values_list("code", flat=True)
    assert list(authors) == ["HN1"]


def test_outputs_and_tallies_land_where_the_file_says(imported):
    imported("contacts")

    run_import("contacts", LEDGERS["contacts"], "gb18030")

    output = Output.objects.get(ref="CG1")
    assert (output.kind, output.campaign.slug, output.activity.ref) == (
        "research_report", "spring", "HD1",
    )  # fmt: skip
    assert sorted(output.representatives.values_list("code", flat=True)) == ["HN1", "HN3"]
    tally = ContactTally.objects.get(area__name="娄底市")
    assert (tally.person_times, tally.problems_solved, tally.aid_yuan) == (12000, 350, 1_500_000)
