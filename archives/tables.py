"""Many deputies' archives side by side: a group's members or an area's deputies, each
with the figures of their archive for a period (figures.py), ranked and sortable.

The table reads every archive at once (`archives(..., records=False)`), so a page of it
costs the same queries for two deputies or two hundred."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .figures import archives

# The columns a table sorts by: key → heading. Names sort A to Z, figures largest first.
COLUMNS = {
    "name": _("Deputy"),
    "rate": _("Group activities taken part in"),
    "led": pgettext_lazy("activities", "Led"),
    "guest": _("As a guest"),
    "problems": _("Problems raised"),
    "suggestions_led": _("Suggestions led"),
    "suggestions_seconded": _("Suggestions seconded"),
    "duties": _("Other duties"),
    "points": _("Points"),
}


@dataclass
class Row:
    """One deputy of a table: their memberships that met the period, and their archive."""

    representative: object
    archive: object
    memberships: list = field(default_factory=list)
    rank: int = 0

    @property
    def took_part(self):
        return self.archive.own_took_part

    @property
    def own(self):
        return len(self.archive.own)

    @property
    def rate(self):
        return self.archive.rate

    @property
    def led(self):
        return len(self.archive.led)

    @property
    def guest(self):
        return len(self.archive.guest)

    @property
    def problems(self):
        return len(self.archive.problems)

    @property
    def suggestions_led(self):
        return len(self.archive.suggestions_led)

    @property
    def suggestions_seconded(self):
        return len(self.archive.suggestions_seconded)

    @property
    def duties(self):
        return len(self.archive.duties)

    @property
    def points(self):
        """The total of the points, or None when the office keeps no table of points."""
        return None if self.archive.points is None else self.archive.points_total

    @property
    def idle(self):
        """Took part in no activity and led none in the period (无活动记录)."""
        return not self.archive.took_part

    def value(self, column):
        if column == "rate":  # the rate, then how many taken part in
            return (self.rate, self.took_part)
        return getattr(self, column)


def rows_of(memberships, start, end):
    """[Row] of the deputies of `memberships` (Memberships with their representative and
    group read), one per deputy with each of their memberships, in name order."""
    by_deputy = {}
    for membership in memberships:
        by_deputy.setdefault(membership.representative_id, []).append(membership)
    figures = archives(list(by_deputy), start, end, records=False)
    rows = [Row(held[0].representative, figures[key], held) for key, held in by_deputy.items()]
    rows.sort(key=lambda row: (row.representative.name, row.representative.code))
    return rows


def default_sort(rows):
    """By points when the office keeps a table of points, else by the rate."""
    return "points" if rows and rows[0].points is not None else "rate"


def sort_rows(rows, asked):
    """(rows sorted by column `asked`, the column used): an unknown column, or points
    where none are kept, sorts by the default. Each row's `rank` is its place in that
    order, ties sharing one (1, 2, 2, 4)."""
    column = asked if asked in COLUMNS else default_sort(rows)
    if column == "points" and default_sort(rows) != "points":
        column = "rate"
    if column == "name":
        ordered = list(rows)  # already by name
    else:
        ordered = sorted(rows, key=lambda row: row.value(column), reverse=True)
    previous = None
    for place, row in enumerate(ordered, start=1):
        value = row.value(column) if column != "name" else place
        if value != previous:
            row.rank, previous = place, value
        else:
            row.rank = ordered[place - 2].rank
    return ordered, column
