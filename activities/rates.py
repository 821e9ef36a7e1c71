"""The office's rule for a rate: a share in per cent, rounded half up to one decimal."""

from decimal import ROUND_HALF_UP, Decimal


def percentage(part, whole):
    """part / whole × 100, rounded half up to one decimal; 0.0 when there is no whole."""
    if not whole:
        return 0.0
    rate = Decimal(part) * 100 / Decimal(whole)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
