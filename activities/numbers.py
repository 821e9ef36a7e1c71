"""Numbers the way Chinese readers expect them: 134万, 4.4亿 on the dashboards; 134万余,
近6万, 4.4亿 in the office's prose (the bulletin).

The office's rule for a figure in prose (`as_written`), written once here:

- under ten thousand, the exact integer as it is: 9999 → "9999";
- from 1万 to under 1亿 the unit is 万, from 1亿 on it is 亿;
- the round figure is the whole unit (134万, 6万, 4亿) when that is within 2% of the exact
  figure, else the unit with one decimal (4.4亿, 1.2万), rounded half up; a round figure
  that reaches the next unit is written in it (99,990,000 → 近1亿);
- 余 after the unit when the exact figure is above the round one (1,342,000 → 134万余),
  近 before the number when it is below (59,400 → 近6万), neither when it is the round
  figure exactly (60,000 → 6万; 440,000,000 → 4.4亿). 余 stands before the measure word:
  134万余人次, 4.4亿余元.

`written_range` is the other way round: the exact figures a written form stands for,
used by the bulletin's number check (`bulletins.checking`).
"""

from decimal import ROUND_HALF_UP, Decimal

WAN, YI = Decimal(10_000), Decimal(100_000_000)
UNITS = [(YI, "亿"), (WAN, "万")]
NEAR = Decimal("0.02")  # a whole-unit figure this close to the exact one is round enough


def _rounded(value, size, digits):
    return (value / size).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def in_wan_yi(number, digits=1):
    """1340000 → "134万", 440000000 → "4.4亿", 60000 → "6万", 9500 → "9500".

    Rounded half up to `digits` decimals, trailing zeros dropped (the dashboards' tables).
    """
    value = Decimal(number)
    for size, unit in UNITS:
        if abs(value) >= size:
            return f"{_rounded(value, size, digits).normalize():f}{unit}"
    return f"{value.normalize():f}"


def round_figure(number):
    """(round figure, its digits, unit) of a whole number of ten thousand or more, by the
    office's rule: (1340000, "134", "万"), (440000000, "4.4", "亿"), (60000, "6", "万")."""
    value = Decimal(number)
    size, unit = next((size, unit) for size, unit in UNITS if value >= size)
    whole = _rounded(value, size, 0)
    shown = whole if abs(whole * size - value) <= NEAR * value else _rounded(value, size, 1)
    if unit == "万" and shown >= 10_000:  # 9999.6万 → 1亿
        size, unit, shown = YI, "亿", _rounded(shown * WAN, YI, 1)
    return shown * size, f"{shown.normalize():f}", unit


def as_written(number):
    """A whole number as the office writes it in prose: 9999 → "9999", 59400 → "近6万",
    1342000 → "134万余", 440000000 → "4.4亿", 441200000 → "4.4亿余"."""
    number = int(number)
    if number < 10_000:
        return str(number)
    value, digits, unit = round_figure(number)
    if number > value:
        return f"{digits}{unit}余"
    if number < value:
        return f"近{digits}{unit}"
    return f"{digits}{unit}"


def written_range(value, step, qualifier=""):
    """[low, high): the exact figures a written number stands for.

    `value` is the number as written (134万 → 1340000), `step` the place of its last
    written digit with its unit (134万 → 10000, 4.4亿 → 10000000, 306 → 1, 92.8 → 0.1).
    Plain, it is a figure rounded half up: value − step/2 to value + step/2 (306 is 306).
    余 (or 多): above the value, short of its next step (134万余: 134万 to 135万; 200余:
    200 to 300; the value itself excluded). 近: under the value by at most half a step,
    as the rule rounds (近6万: 5.5万 to 6万, 6万 excluded).
    """
    value, step = Decimal(value), Decimal(step)
    if qualifier in ("余", "多"):
        lead = step
        while value == value.to_integral_value() and value and value % (lead * 10) == 0:
            lead *= 10
        return value, value + lead
    if qualifier == "近":
        return value - step / 2, value
    return value - step / 2, value + step / 2


def stands_for(figure, value, step, qualifier=""):
    """Whether the exact `figure` is one the written number stands for (`written_range`)."""
    figure = Decimal(str(figure))
    low, high = written_range(value, step, qualifier)
    if qualifier in ("余", "多") and figure == low:
        return False
    return low <= figure < high
