"""Numbers as the bulletin writes them: issue numbers in Chinese, large figures in 万 and 亿.
Plain functions: no database, so these run without the demo office."""

import pytest

from activities.numbers import in_wan_yi
from bulletins.numbers import chinese_numeral


@pytest.mark.parametrize(
    "number, words",
    [
        (649, "六百四十九"),
        (24, "二十四"),
        (10, "十"),
        (105, "一百零五"),
        (1010, "一千零一十"),
        (3001, "三千零一"),
    ],
)
def test_running_numbers_in_chinese(number, words):
    assert chinese_numeral(number) == words


@pytest.mark.parametrize(
    "number, shown",
    [
        (1_340_000, "134万"),
        (60_000, "6万"),
        (440_000_000, "4.4亿"),
        (9_500, "9500"),
        (12_345_678, "1234.6万"),
    ],
)
def test_large_numbers_in_wan_and_yi(number, shown):
    assert in_wan_yi(number) == shown
