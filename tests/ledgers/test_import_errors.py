"""One bad row and nothing is saved; the report names every bad row, its column and why."""

import pytest

from activities.models import Activity, ContactTally, Topic

from .conftest import database_state, errors, run_import
from .files import LEDGERS, changed, repeated

NOT_A_DATE = "“{}”不是日期（请写作 2021-05-12）。"
LOAD_AREAS = (
    "可用“python manage.py load_areas 湖南省”（省名或代码）载入全省行政区划，"
    "或用地区文件添加该单位。"
)

CASES = [
    # (kind, row as the sheet numbers it, column, bad value, the reason the report gives)
    # a code, slug or ref that points nowhere
    ("campaigns", 2, "参加领导干部", "HN3、HN9", "没有代表证号为“HN9”的代表。"),
    ("activities", 2, "领导干部代表", "HN9", "没有代表证号为“HN9”的代表。"),
    ("activities", 2, "参加代表", "HN1、HN8", "没有代表证号为“HN8”的代表。"),
    ("outputs", 2, "代表", "HN3、HN7", "没有代表证号为“HN7”的代表。"),
    ("activities", 2, "主题活动", "autumn", "没有标识为“autumn”的主题活动。"),
    ("outputs", 3, "主题活动", "autumn", "没有标识为“autumn”的主题活动。"),
    ("contacts", 3, "主题活动", "autumn", "没有标识为“autumn”的主题活动。"),
    ("problems", 2, "活动编号", "HD9", "没有编号为“HD9”的活动。"),
    ("outputs", 2, "活动编号", "HD9", "没有编号为“HD9”的活动。"),
    ("contacts", 2, "单位", "长沙市", "没有名为“长沙市”的地区。" + LOAD_AREAS),
    # dates
    ("activities", 2, "日期", "2024-07-15",
     "日期不在主题活动“春季主题活动”的活动期间（2024年3月1日至2024年6月30日）内。"),
    ("roster", 4, "入组日期", "2023-02-30", NOT_A_DATE.format("2023-02-30")),
    ("campaigns", 2, "结束日期", "六月底", NOT_A_DATE.format("六月底")),
    ("activities", 3, "日期", "2024-13-45", NOT_A_DATE.format("2024-13-45")),
    ("problems", 2, "解决日期", "5月20日", NOT_A_DATE.format("5月20日")),
    ("outputs", 2, "日期", "2024-06-31", NOT_A_DATE.format("2024-06-31")),
    ("contacts", 2, "开始日期", "2024-3", NOT_A_DATE.format("2024-3")),
    ("campaigns", 2, "结束日期", "2024-02-01", "主题活动的结束日期不能早于开始日期。"),
    ("contacts", 3, "结束日期", "2024-01-01", "结束日期不能早于开始日期。"),
    ("roster", 4, "离组日期", "2022-01-01", "离组日期不能早于入组日期。"),
    # lists, choices and numbers
    ("activities", 2, "参加代表", "HN1、HN3、HN1", "HN1 重复列出。"),
    ("problems", 3, "状态", "已办结", "“已办结”不是以下之一：已收集、办理中、已解决、不能解决。"),
    ("problems", 4, "说明", "", "请说明问题不能解决的原因。"),
    ("problems", 2, "解决日期", "2024-04-01", "问题的解决日期不能早于反映该问题的活动日期。"),
    ("problems", 3, "解决日期", "2024-05-20", "只有已解决的问题才有解决日期。"),
    ("roster", 4, "代表层级", "省、区", "“区”不是以下之一：全国、省、市、县、乡。"),
    ("outputs", 2, "类型", "调研", "“调研”不是以下之一：调研报告、代表建议、议案。"),
    ("activities", 2, "联工委陪同", "有", "“有”应为“是”或“否”。"),
    ("contacts", 2, "联系群众人次", "-12000", "-12000 是负数。"),
    ("contacts", 3, "解决问题数", "-1", "-1 是负数。"),
    ("contacts", 3, "帮扶物资资金(元)", "-5", "-5 是负数。"),
    ("contacts", 2, "联系群众人次", "一万", "“一万”不是数字。"),
    ("contacts", 2, "解决问题数", "3.5", "3.5 不是整数。"),
    ("outputs", 3, "主题活动", "", "成果须关联主题活动或活动。"),
    ("campaigns", 2, "标识", "", "此项必填。"),
]  # fmt: skip


@pytest.mark.parametrize(
    "kind, row, column, value, reason", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES]
)
def test_a_bad_cell_is_named_and_nothing_is_saved(imported, kind, row, column, value, reason):
    imported(kind)
    rows = changed(LEDGERS[kind], row - 1, column, value)  # the sheet counts the header as row 1
    before = database_state()

    report = run_import(kind, rows)

    assert errors(report) == [(row, column, reason)]
    assert database_state() == before


def test_a_bad_row_of_an_update_changes_nothing(imported):
    imported("problems")
    run_import("problems", LEDGERS["problems"])
    rows = changed(LEDGERS["problems"], 1, "问题", "教师周转房严重不足")  # a good change
    rows = changed(rows, 3, "说明", "")  # and a bad row
    before = database_state()

    report = run_import("problems", rows)

    assert errors(report) == [(4, "说明", "请说明问题不能解决的原因。")]
    assert database_state() == before


def test_rows_of_one_person_that_disagree(imported):
    imported("roster")
    rows = changed(LEDGERS["roster"], 2, "性别", "女")  # HN1 is 男 on row 2
    before = database_state()

    report = run_import("roster", rows)

    assert errors(report) == [(3, "性别", "HN1 的各行不一致：第 2 行填写的不同。")]
    assert database_state() == before


def test_a_key_given_on_two_rows(imported):
    imported("outputs")
    rows = changed(LEDGERS["outputs"], 2, "编号", "CG1")

    report = run_import("outputs", rows)

    assert errors(report) == [(3, "编号", "与第 2 行重复。")]


def test_every_bad_row_is_reported_not_just_the_first(imported):
    imported("contacts")
    rows = changed(LEDGERS["contacts"], 1, "联系群众人次", "很多")
    rows = changed(rows, 2, "开始日期", "昨天")
    rows = changed(rows, 2, "帮扶物资资金(元)", "-9")

    report = run_import("contacts", rows)

    assert errors(report) == [
        (2, "联系群众人次", "“很多”不是数字。"),
        (3, "开始日期", "“昨天”不是日期（请写作 2021-05-12）。"),
        (3, "帮扶物资资金(元)", "-9 是负数。"),
    ]
    assert not ContactTally.objects.exists()


def test_a_bad_row_in_a_later_batch_undoes_the_earlier_batches(imported):
    imported("activities")
    rows = repeated("activities", 2001)  # the importer writes 2,000 rows a batch
    for number, row in enumerate(rows[1:], start=1):
        row[rows[0].index("领域")] = f"新领域{number}"
    rows = changed(rows, 2001, "日期", "2030-01-01")
    before = database_state()

    report = run_import("activities", rows)

    assert [(e.row, e.column) for e in report.errors] == [(2002, "日期")]
    assert database_state() == before
    assert not Topic.objects.filter(name="新领域1").exists()


def test_a_bad_row_is_numbered_as_the_sheet_shows_it_after_blank_rows(imported):
    imported("contacts")
    rows = changed(LEDGERS["contacts"], 2, "解决问题数", "-1")
    rows[2:2] = [[""] * 7, ["\u3000", " ", "", "", "", "", ""]]

    report = run_import("contacts", rows)

    assert errors(report) == [(5, "解决问题数", "-1 是负数。")]


def test_scoped_staff_cannot_import_an_activity_of_another_area(imported, staff_a_client):
    imported("activities")
    before = database_state()

    report = run_import("activities", LEDGERS["activities"], user=staff_a_client.user)

    assert errors(report) == [(3, "代表小组", "“湘西州第一代表小组”不在您负责的地区内。")]
    assert database_state() == before


def test_scoped_staff_cannot_import_a_tally_of_another_area(imported, staff_a_client):
    imported("contacts")

    report = run_import("contacts", LEDGERS["contacts"], user=staff_a_client.user)

    assert errors(report) == [(3, "单位", "“湘西州”不在您负责的地区内。")]
    assert not ContactTally.objects.exists()


def test_scoped_staff_cannot_change_an_activity_of_another_area(imported, staff_a_client):
    imported("activities")
    run_import("activities", LEDGERS["activities"])
    rows = [LEDGERS["activities"][0], changed(LEDGERS["activities"], 2, "代表小组", "")[2]]

    report = run_import("activities", rows, user=staff_a_client.user)

    assert errors(report) == [(2, "编号", "“HD2”不在您负责的地区内。")]
    assert list(Activity.objects.get(ref="HD2").groups.values_list("name", flat=True)) == [
        "湘西州第一代表小组"
    ]
