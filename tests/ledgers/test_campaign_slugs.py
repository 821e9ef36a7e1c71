"""A campaigns ledger whose 标识 no URL can take is refused, naming the cell."""

from .conftest import database_state, errors, run_import
from .files import LEDGERS, changed


def test_a_ledger_with_a_slug_no_url_takes_is_refused_naming_the_cell(imported):
    imported("campaigns")
    rows = changed(LEDGERS["campaigns"], 1, "标识", "bad slug 2031")
    before = database_state()

    report = run_import("campaigns", rows)

    assert errors(report) == [
        (2, "标识", "“bad slug 2031”不能用在网址中：只能使用英文字母 a–z、A–Z、数字、“-”和“_”。")
    ]
    assert database_state() == before
