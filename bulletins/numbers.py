"""The running number in words, as the masthead prints it: 总第六百四十九期."""

DIGITS = "零一二三四五六七八九"
PLACES = [(1000, "千"), (100, "百"), (10, "十")]


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
