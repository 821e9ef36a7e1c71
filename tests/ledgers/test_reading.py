"""What a file may look like: headers in any order or in English, unknown columns, blank
rows, stray spaces, the date forms, the list separators, Excel dates and formulas."""

import datetime

import openpyxl
import pytest

from activities.models import Activity, ContactTally, Department, Topic
from ledgers.reading import FileError, read_sheet
from ledgers.registry import IMPORTERS
from representatives.models import Group

from .conftest import errors, run_import
from .files import LEDGERS, as_file, changed


def test_unknown_columns_are_named_in_the_report(imported):
    imported("contacts")
    rows = [[*row, "备注", "填表人"] for row in LEDGERS["contacts"]]

    report = run_import("contacts", rows)

    assert report.unknown_columns == ["备注", "填表人"]
    assert "未读取的列：备注、填表人" in list(report.lines())


def test_blank_rows_are_ignored(imported):
    imported("contacts")
    rows = list(LEDGERS["contacts"])
    rows[2:2] = [[""] * 7, ["\u3000", " ", "", "", "", "", ""]]

    report = run_import("contacts", rows)

    assert (report.ok, report.rows, dict(report.created)) == (True, 2, {"联系群众统计": 2})


def test_cells_are_trimmed_of_full_width_and_ascii_spaces(imported):
    imported("activities")
    rows = changed(LEDGERS["activities"], 1, "编号", "\u3000HD1 ")
    rows = changed(rows, 1, "参加代表", " HN1\u3000、\u3000HN3 ")
    rows = changed(rows, 1, "主题活动", "spring\u3000")

    report = run_import("activities", rows)

    assert report.ok, report.errors
    hd1 = Activity.objects.get(ref="HD1")
    assert hd1.campaign.slug == "spring"
    assert sorted(hd1.attendance.values_list("representative__code", flat=True)) == ["HN1", "HN3"]


def test_headers_are_read_in_any_order(imported):
    imported("contacts")
    rows = [[row[i] for i in (6, 3, 2, 0, 5, 1, 4)] for row in LEDGERS["contacts"]]

    report = run_import("contacts", rows)

    assert report.ok, report.errors
    tally = ContactTally.objects.get(area__name="湘西州")
    assert (tally.start, tally.end, tally.person_times, tally.problems_solved, tally.aid_yuan) == (
        datetime.date(2024, 3, 1), datetime.date(2024, 6, 30), 8600, 210, 980_000,
    )  # fmt: skip


@pytest.mark.parametrize("file_format", ["xlsx", "utf-8"])
def test_english_alias_headers_are_read(imported, file_format):
    imported("contacts")
    english = [["area", "start", "end", "campaign", "person_times", "problems_solved", "aid_yuan"],
               ["湘西州", "2024-03-01", "2024-06-30", "spring", "7", "8", "100"]]  # fmt: skip

    report = run_import("contacts", english, file_format)

    assert report.ok, report.errors
    tally = ContactTally.objects.get()
    assert (tally.area.name, tally.campaign.slug, tally.person_times, tally.aid_yuan) == (
        "湘西州", "spring", 7, 100,
    )  # fmt: skip


def test_headers_with_spaces_capitals_and_full_width_brackets_are_read(imported):
    imported("contacts")
    rows = [
        [" 单位\u3000", "Start", "END", "帮扶物资资金（元）"],
        ["湘西州", "2024-03-01", "2024-06-30", "9"],
    ]

    report = run_import("contacts", rows)

    assert (report.ok, report.unknown_columns) == (True, [])
    assert ContactTally.objects.get().aid_yuan == 9


def test_a_file_without_a_required_column_is_refused_whole(imported):
    imported("problems")
    rows = [row[:2] + row[3:] for row in LEDGERS["problems"]]  # no 问题
    name, data = as_file(rows)

    with pytest.raises(FileError) as refusal:
        read_sheet(IMPORTERS["problems"].layout, name, data)

    assert str(refusal.value) == "文件缺少以下列：问题。"


@pytest.mark.parametrize("written", ["2024-03-05", "2024/3/5", "2024年3月5日", "2024-3-5"])
def test_dates_are_read_in_the_forms_offices_write(imported, written):
    imported("contacts")

    report = run_import("contacts", changed(LEDGERS["contacts"], 1, "开始日期", written))

    assert report.ok, report.errors
    assert ContactTally.objects.get(area__name="娄底市").start == datetime.date(2024, 3, 5)


@pytest.mark.parametrize(
    "cell", [datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5)], ids=["date", "datetime"]
)
def test_excel_dates_are_read(imported, cell):
    imported("contacts")

    report = run_import("contacts", changed(LEDGERS["contacts"], 1, "开始日期", cell), "xlsx")

    assert report.ok, report.errors
    assert ContactTally.objects.get(area__name="娄底市").start == datetime.date(2024, 3, 5)


@pytest.mark.parametrize("separator", ["、", ";", "；", ","])
@pytest.mark.parametrize("file_format", ["xlsx", "utf-8", "gb18030"])
def test_lists_take_every_separator(imported, separator, file_format):
    imported("activities")
    rows = changed(LEDGERS["activities"], 1, "参加代表", f"HN1{separator}HN3{separator}HN2")
    rows = changed(rows, 1, "领域", f"教育{separator}乡村振兴")

    report = run_import("activities", rows, file_format)

    assert report.ok, report.errors
    hd1 = Activity.objects.get(ref="HD1")
    assert sorted(hd1.attendance.values_list("representative__code", flat=True)) == [
        "HN1", "HN2", "HN3",
    ]  # fmt: skip
    assert sorted(hd1.topics.values_list("name", flat=True)) == ["乡村振兴", "教育"]


def test_groups_topics_and_departments_named_in_a_file_are_created_and_reported(imported):
    imported("activities")
    rows = changed(LEDGERS["activities"], 1, "代表小组", "娄底市第九代表小组")
    rows = changed(rows, 1, "邀请厅局", "省水利厅、省教育厅")

    report = run_import("activities", rows)

    assert dict(report.new_names) == {
        "代表小组": ["娄底市第九代表小组"],
        "领域": ["教育", "乡村振兴"],
        "省直厅局": ["省水利厅", "省教育厅"],
    }
    assert list(report.lines())[2:] == [
        "新建代表小组：娄底市第九代表小组",
        "新建领域：教育、乡村振兴",
        "新建省直厅局：省水利厅、省教育厅",
    ]
    assert Group.objects.get(name="娄底市第九代表小组").area.name == "娄底市"
    assert sorted(Department.objects.values_list("name", flat=True)) == ["省教育厅", "省水利厅"]
    assert Topic.objects.count() == 2


def test_a_dry_run_reports_new_names_but_creates_nothing(imported):
    imported("activities")

    report = run_import("activities", LEDGERS["activities"], dry_run=True)

    assert (dict(report.created), report.new_names["领域"]) == ({"活动": 2}, ["教育", "乡村振兴"])
    assert (Activity.objects.count(), Topic.objects.count()) == (0, 0)


def test_a_formula_cell_is_never_evaluated(imported, tmp_path):
    imported("contacts")
    workbook = openpyxl.Workbook()
    for row in LEDGERS["contacts"][:2]:
        workbook.active.append(row)
    workbook.active["E2"] = "=SUM(100,200)"  # openpyxl stores no computed value with it
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    importer = IMPORTERS["contacts"]()

    report = importer.run(read_sheet(importer.layout, path.name, path.read_bytes()))

    assert report.ok, report.errors
    assert ContactTally.objects.get().person_times == 0  # the cached value (none), never 300


def test_a_file_that_is_not_a_workbook_is_refused(areas):
    with pytest.raises(FileError) as refusal:
        read_sheet(IMPORTERS["contacts"].layout, "ledger.xlsx", b"not a zip")

    assert str(refusal.value) == "文件不是可读取的 .xlsx 工作簿。"


def test_an_empty_required_cell_is_named(imported):
    imported("contacts")

    report = run_import("contacts", changed(LEDGERS["contacts"], 1, "单位", ""))

    assert errors(report) == [(2, "单位", "此项必填。")]
