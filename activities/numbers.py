"""Numbers the way Chinese readers expect them: 134万, 4.4亿."""

from decimal import ROUND_HALF_UP, Decimal

UNITS = [(Decimal(100_000_000), "亿"), (Decimal(10_000), "万")]


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
