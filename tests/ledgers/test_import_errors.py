"""One bad row and nothing is saved; the report names every bad row, its column and why."""

import io

import pytest
from django.core.management import CommandError, call_command

from activities.models import Activity, ContactTally, Problem
from representatives.models import Representative

from .conftest import run_import
from .files import LEDGERS, as_file, changed


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


CASES = [
    # (kind, row, column, bad value, the reason the report gives)
    ("activities", 2, "领导干部代表", "HN9", "没有代表证号为“HN9”的代表。"),
    ("activities", 2, "主题活动", "autumn", "没有标识为“autumn”的主题活动。"),
    ("activities", 2, "日期", "2024-07-15",
     "日期不在主题活动“春季主题活动”的活动期间（2024年3月1日至2024年6月30日）内。"),
    ("activities", 2, "参加代表", "HN1、HN3、HN1", "HN1 重复列出。"),
    ("activities", 3, "日期", "2024-13-45", "“2024-13-45”不是日期（请写作 2021-05-12）。"),
    ("problems", 3, "状态", "已办结", "“已办结”不是以下之一：已收集、办理中、已解决、不能解决。"),
    ("problems", 4, "说明", "", "请说明问题不能解决的原因。"),
    ("problems", 2, "解决日期", "2024-04-01", "问题的解决日期不能早于反映该问题的活动日期。"),
    ("contacts", 3, "帮扶物资资金(元)", "-5", "-5 是负数。"),
    ("outputs", 2, "活动编号", "HD9", "没有编号为“HD9”的活动。"),
]  # fmt: skip


@pytest.mark.parametrize("kind, row, column, value, reason", CASES)
def test_a_bad_cell_is_named_and_nothing_is_saved(imported, kind, row, column, value, reason):
    imported(kind)
    rows = changed(LEDGERS[kind], row - 1, column, value)  # the sheet counts the header as row 1
    before = {model: model.objects.count() for model in [Activity, Problem, ContactTally]}

    report = run_import(kind, rows)

    assert errors(report) == [(row, column, reason)]
    assert {model: model.objects.count() for model in before} == before


def test_rows_of_one_person_that_disagree(imported):
    imported("roster")
    rows = changed(LEDGERS["roster"], 2, "性别", "女")  # HN1 is 男 on row 2

    report = run_import("roster", rows)

    assert errors(report) == [(3, "性别", "HN1 的各行不一致：第 2 行填写的不同。")]
    assert not Representative.objects.exists()


def test_every_bad_row_is_reported_not_just_the_first(imported):
    imported("contacts")
    rows = changed(LEDGERS["contacts"], 1, "联系群众人次", "很多")
    rows = changed(rows, 2, "开始日期", "昨天")

    report = run_import("contacts", rows)

    assert [(e.row, e.column) for e in report.errors] == [(2, "联系群众人次"), (3, "开始日期")]
    assert not ContactTally.objects.exists()


def test_a_missing_required_column_refuses_the_file(imported, tmp_path):
    imported("problems")
    rows = [row[:2] + row[3:] for row in LEDGERS["problems"]]  # no 问题 column
    name, data = as_file(rows)
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(CommandError) as refusal:
        call_command("import_records", "problems", str(path), stdout=io.StringIO())

    assert refusal.value.returncode == 1


def test_the_command_prints_every_bad_row_and_exits_1(imported, tmp_path):
    imported("contacts")
    name, data = as_file(changed(LEDGERS["contacts"], 2, "解决问题数", "-1"))
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()

    with pytest.raises(CommandError) as refusal:
        call_command("import_records", "contacts", str(path), stdout=out)

    assert refusal.value.returncode == 1
    assert "第 3 行 · 解决问题数：-1 是负数。" in out.getvalue()
    assert "1 处错误，全部未保存。" in str(refusal.value)


def test_unknown_columns_are_named_blank_rows_skipped_and_cells_trimmed(imported):
    imported("contacts")
    rows = [[*row, "备注"] for row in LEDGERS["contacts"]]
    rows.insert(2, [""] * len(rows[0]))
    rows[1][0] = "\u3000娄底市 "  # a full-width space before, an ASCII one after

    report = run_import("contacts", rows)

    assert report.ok, report.errors
    assert report.unknown_columns == ["备注"]
    assert report.created == {"联系群众统计": 2}


def test_english_headers_in_any_order_are_read(imported):
    imported("contacts")
    english = [["aid_yuan", "area", "end", "start", "person_times"],
               ["100", "湘西州", "2024-06-30", "2024-03-01", "7"]]  # fmt: skip

    report = run_import("contacts", english, "xlsx")

    assert report.ok, report.errors
    assert ContactTally.objects.get().aid_yuan == 100


def test_excel_dates_are_read(imported):
    import datetime

    imported("contacts")
    rows = changed(LEDGERS["contacts"], 1, "开始日期", datetime.date(2024, 3, 1))

    report = run_import("contacts", rows, "xlsx")

    assert report.ok, report.errors
    assert ContactTally.objects.get(area__name="娄底市").start == datetime.date(2024, 3, 1)


def test_a_dry_run_counts_but_saves_nothing(imported):
    imported("contacts")

    report = run_import("contacts", LEDGERS["contacts"], dry_run=True)

    assert report.created == {"联系群众统计": 2}
    assert not ContactTally.objects.exists()


def test_a_formula_cell_is_never_evaluated(imported, tmp_path):
    import openpyxl

    from ledgers.reading import read_sheet
    from ledgers.registry import IMPORTERS

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
