"""Template helpers of the dashboards: numbers in 万/亿 and bar charts drawn as SVG.

Charts are drawn on the server so they print, carry Chinese labels and need nothing
from outside the app; each comes with its numbers as a table.
"""

import unicodedata

from django import template
from django.utils.translation import get_language

from activities.numbers import in_wan_yi

register = template.Library()

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 20, 6, 170, 480
# A label longer than fits its 170 units is cut, its full text kept in the label's
# <title>: room for 10 Chinese characters at 15 px, or 20 Latin ones, half as wide. A
# value keeps room for its widest digits.
LABEL_ROOM, DIGIT_WIDTH = 20, 9


def shortened(label):
    """`label`, cut with … where it would pass LABEL_ROOM half-width places."""
    used = 0
    for index, char in enumerate(label):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > LABEL_ROOM:
            return label[: max(index - 1, 0)] + "…"
    return label


@register.filter
def wan_yi(number):
    """134万 for Chinese readers; 1,340,000 in the English UI, which has no 万."""
    if get_language().startswith("zh"):
        return in_wan_yi(number or 0)
    return f"{number or 0:,}"


@register.inclusion_tag("activities/_bar_chart.html")
def bar_chart(rows, title, unit=""):
    """A horizontal bar chart of rows [(label, value)], with the same numbers as a table."""
    rows = [(str(label), value or 0) for label, value in rows]
    largest = max((value for _label, value in rows), default=0) or 1
    widest = max((len(f"{value}{unit}") for _label, value in rows), default=1)
    room = CHART_WIDTH - LABEL_WIDTH - 8 - widest * DIGIT_WIDTH
    bars = [
        {
            "label": label,
            "short": shortened(label),
            "value": value,
            "y": index * (BAR_HEIGHT + GAP),
            "text_y": index * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
            "width": round(room * value / largest, 1),
            "value_x": LABEL_WIDTH + round(room * value / largest, 1) + 6,
        }
        for index, (label, value) in enumerate(rows)
    ]
    return {
        "title": title,
        "unit": unit,
        "bars": bars,
        "height": max(len(rows), 1) * (BAR_HEIGHT + GAP),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
    }
