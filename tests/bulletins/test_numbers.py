"""Numbers as the bulletin writes them: issue numbers in Chinese, large figures in 万 and 亿.
Plain functions: no database, so these run without the demo office."""

from decimal import Decimal

import pytest

from activities.numbers import as_written, in_wan_yi, stands_for
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


@pytest.mark.parametrize(
    "number, written",
    [
        (0, "0"),
        (9_999, "9999"),  # under ten thousand: as it is
        (10_000, "1万"),
        (10_001, "1万余"),
        (12_345, "1.2万余"),  # whole 万 is 19% off: one decimal
        (15_000, "1.5万"),
        (59_400, "近6万"),  # whole 万 within 2%: 近
        (60_000, "6万"),  # the round figure exactly: neither
        (60_600, "6万余"),
        (1_342_000, "134万余"),
        (1_348_000, "近135万"),
        (1_345_000, "近135万"),  # half up
        (99_990_000, "9999万"),
        (99_996_000, "近1亿"),  # a round figure reaching 亿 is written in 亿
        (100_000_000, "1亿"),
        (438_000_000, "近4.4亿"),
        (440_000_000, "4.4亿"),
        (441_200_000, "4.4亿余"),
        (1_500_000_000, "15亿"),
    ],
)
def test_figures_as_the_office_writes_them(number, written):
    assert as_written(number) == written


@pytest.mark.parametrize(
    "figure, value, step, qualifier, stands",
    [
        (59_400, 60_000, 10_000, "近", True),
        (55_000, 60_000, 10_000, "近", True),  # half a step under: still 近6万
        (54_999, 60_000, 10_000, "近", False),
        (60_000, 60_000, 10_000, "近", False),  # 近 is under
        (1_342_000, 1_340_000, 10_000, "余", True),
        (1_349_999, 1_340_000, 10_000, "余", True),
        (1_350_000, 1_340_000, 10_000, "余", False),
        (1_340_000, 1_340_000, 10_000, "余", False),  # 余 is above
        (250, 200, 1, "余", True),  # 200余: the next step of its last non-zero digit
        (300, 200, 1, "余", False),
        (1_342_000, 1_340_000, 10_000, "", True),  # plain 134万: rounded
        (1_345_000, 1_340_000, 10_000, "", False),
        (306, 306, 1, "", True),  # a plain integer is exact
        (307, 306, 1, "", False),
        (92.8, Decimal("92.8"), Decimal("0.1"), "", True),
        (92.8, Decimal("92.6"), Decimal("0.1"), "", False),
    ],
)
def test_what_a_written_number_stands_for(figure, value, step, qualifier, stands):
    assert stands_for(figure, value, step, qualifier) is stands
