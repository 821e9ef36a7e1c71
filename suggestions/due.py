"""The suggestions overdue or nearly due, on the 待补录 of those who follow them up
(activities/views/missing.py: registered from the app's ready())."""

import datetime

from activities.views.missing import LIMIT, add_section

from .models import Suggestion

# A suggestion whose deadline falls within this many days is nearly due.
NEARLY_DUE_DAYS = 14


def due_section(user, today):
    """("suggestions/_due.html", its context) for whoever reads suggestions: those in
    `user`'s reach still owed a reply past their deadline, and those due within
    NEARLY_DUE_DAYS, most urgent first (two queries); None for anyone else."""
    if not user.has_perm("suggestions.view_suggestion"):
        return None
    owed = (
        Suggestion.objects.visible_to(user).select_related("lead_unit").order_by("deadline", "pk")
    )
    soon = today + datetime.timedelta(days=NEARLY_DUE_DAYS)
    overdue = list(owed.overdue(today)[:LIMIT])
    nearly_due = list(owed.due_by(soon).filter(deadline__gte=today)[:LIMIT])
    for suggestion in overdue:
        suggestion.days_late = (today - suggestion.deadline).days
    for suggestion in nearly_due:
        suggestion.days_left = (suggestion.deadline - today).days
    return (
        "suggestions/_due.html",
        {"overdue": overdue, "nearly_due": nearly_due, "soon_days": NEARLY_DUE_DAYS},
    )


def register():
    add_section(due_section)
