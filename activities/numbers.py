"""Numbers the way Chinese readers expect them: 134万, 4.4亿, 总第六百四十九期."""

from decimal import ROUND_HALF_UP, Decimal

UNITS = [(Decimal(100_000_000), "亿"), (Decimal(10_000), "万")]
DIGITS = "零一二三四五六七八九"
PLACES = [(1000, "千"), (100, "百"), (10, "十")]


def in_wan_yi(number, digits=1):
    """1340000 → "134万", 440000000 → "4.4亿", 60000 → "6万", 9500 → "9500".

    Rounded half up to `digits` decimals, trailing zeros dropped.
    """
    value = Decimal(number)
    for size, unit in UNITS:
        if abs(value) >= size:
            scaled = (value / size).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
            return f"{scaled.normalize():f}{unit}"
    return f"{value.normalize():f}"


def chinese_numeral(number):
    """649 → 六百四十九, 24 → 二十四, 10 → 十, 105 → 一百零五 (0 < number < 10000)."""
    if not 0 < number < 10_000:
        raise ValueError(f"{number} is outside 1–9999")
    words, rest, gap = "", number, False
    for size, place in PLACES:
        digit, rest = divmod(rest, size)
        if digit:
            words += ("零" if gap else "") + DIGITS[digit] + place
            gap = False
        elif words:
            gap = True
    if rest:
        words += ("零" if gap else "") + DIGITS[rest]
    return words[1:] if words.startswith("一十") else words
