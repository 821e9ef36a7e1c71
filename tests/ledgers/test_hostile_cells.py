"""The cells the hostile-file tests found crashing an import: each is now refused with its
row, its column and the reason, and nothing is saved."""

import pytest

from ledgers.reading import FileError

from .conftest import database_state, errors, run_import
from .files import LEDGERS, changed

TOO_BIG = "确保该值小于或等于9223372036854775807。"


@pytest.mark.parametrize(
    ("value", "file_format", "reason"),
    [
        (2**63, "xlsx", TOO_BIG),
        ("9223372036854775808", "utf-8", TOO_BIG),
        (1e308, "xlsx", TOO_BIG),
        ("inf", "utf-8", "“inf”不是数字。"),
        ("NaN", "utf-8", "“NaN”不是数字。"),
    ],
)
def test_a_count_no_database_column_holds_is_refused_with_its_row(
    imported, value, file_format, reason
):
    imported("contacts")
    rows = changed(LEDGERS["contacts"], 1, "联系群众人次", value)
    before = database_state()

    report = run_import("contacts", rows, file_format)

    assert errors(report) == [(2, "联系群众人次", reason)]
    assert database_state() == before


def test_an_over_long_cell_is_refused_with_its_row_and_column(imported):
    imported("activities")
    rows = changed(LEDGERS["activities"], 2, "名称", "调" * 201)
    before = database_state()

    report = run_import("activities", rows)

    assert errors(report) == [
        (
            3,
            "名称",
            "“调调调调调调调调调调调调调调调调调调调调…”长 201 个字符，最多只能 200 个字符。",
        )
    ]
    assert database_state() == before


def test_an_over_long_item_of_a_list_is_refused_with_its_row_and_column(imported):
    imported("activities")
    rows = changed(LEDGERS["activities"], 1, "领域", "教育、" + "域" * 51)

    report = run_import("activities", rows)

    assert [(row, column) for row, column, _reason in errors(report)] == [(2, "领域")]


def test_a_nul_character_is_refused_with_its_row_and_column(imported):
    imported("activities")
    rows = changed(LEDGERS["activities"], 2, "名称", "年度\x00述职")

    with pytest.raises(FileError, match="第 3 行第 4 列含有 NUL 字符"):
        run_import("activities", rows)


def test_an_over_long_group_on_the_roster_is_refused_with_its_row_and_column(areas):
    rows = changed(LEDGERS["roster"], 1, "代表小组", "组" * 101)

    report = run_import("roster", rows)

    assert errors(report)[0] == (
        2,
        "代表小组",
        f"“{'组' * 20}…”长 101 个字符，最多只能 100 个字符。",
    )
