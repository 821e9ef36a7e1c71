"""The suggestion figures of DESIGN.md ("Suggestions"), computed by the database in one query.

Every figure about the handling of suggestions comes from `suggestion_figures()`: the
`suggestion_report` command and, later, the suggestions dashboard read this one dict.
Only the suggestions that count (`counted()`: approved, see activities/review.py) are
counted, as in every figure of the app.
"""

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from activities.rates import percentage

from .models import Rating, ReplyClass, Suggestion

RATING_KEYS = {
    Rating.SATISFIED: "satisfied",
    Rating.BASICALLY_SATISFIED: "basically_satisfied",
    Rating.DISSATISFIED: "dissatisfied",
}


def _counts():
    """The counts of each group of suggestions, as aggregates over `with_latest()`."""
    counts = {
        "received": Count("pk"),
        "answered": Count("pk", filter=Q(first_reply_on__isnull=False)),
        "on_time": Count("pk", filter=Q(first_reply_on__lte=F("deadline"))),
        "rehandled": Count("pk", filter=Q(rehandled=True)),
    }
    counts |= {f"class_{c}": Count("pk", filter=Q(latest_class=c)) for c in ReplyClass.values}
    counts |= {f"rating_{r}": Count("pk", filter=Q(latest_rating=r)) for r in Rating.values}
    return counts


def _figures(row):
    """A group's counts (a row of the query, or their sums) as the contract's figures."""
    received, answered, on_time = row["received"], row["answered"], row["on_time"]
    ratings = {key: row[f"rating_{value}"] for value, key in RATING_KEYS.items()}
    rated = sum(ratings.values())
    content = ratings["satisfied"] + ratings["basically_satisfied"]
    return {
        "received": received,
        "answered": answered,
        "answer_rate": percentage(answered, received),
        "on_time": on_time,
        "on_time_rate": percentage(on_time, received),
        "by_class": {c: row[f"class_{c}"] for c in ReplyClass.values},
        "ratings": ratings | {"satisfaction_rate": percentage(content, rated)},
        "rehandled": row["rehandled"],
    }


def _assigned(start, end, department, within):
    """The suggestions that count and were 交办 from `start` to `end` (of `department`),
    among `within` (a queryset of suggestions: a viewer's reach) or all."""
    suggestions = Suggestion.objects.all() if within is None else within
    suggestions = suggestions.counted().filter(assigned_on__range=(start, end))
    if department is not None:
        suggestions = suggestions.filter(lead_unit=department)
    return suggestions


def _grouped(suggestions, **key):
    """The counts of `suggestions` grouped by `key` (name=expression), in key order."""
    (name,) = key
    return list(
        suggestions.with_latest().order_by().values(**key).annotate(**_counts()).order_by(name)
    )


def suggestion_figures(start, end, department=None, within=None):
    """The contract's figures for the suggestions that count and were 交办 from `start` to
    `end` (both included; a reassigned one by its latest 交办), optionally only those of
    `department` as lead unit, and only those among `within` (a viewer's
    `Suggestion.objects.visible_to(user)`; None: the whole province): the totals and
    `by_department` (each lead unit by name, in name order), as a dict ready for JSON.
    One query."""
    suggestions = _assigned(start, end, department, within)
    rows = _grouped(suggestions, department=F("lead_unit__name"))
    keys = list(_counts())
    totals = {key: sum(row[key] for row in rows) for key in keys}
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        **_figures(totals),
        "by_department": {row["department"]: _figures(row) for row in rows},
    }


def figures_by_campaign(start, end, department=None, within=None):
    """The contract's figures of the same suggestions as `suggestion_figures(start, end,
    department, within)`, by campaign — the suggestion's, or its activity's, as the campaign
    figures link outputs: {campaign title: figures}, in title order, those put outside any
    campaign under "" last. One query."""
    campaign = Coalesce("campaign__title", "activity__campaign__title")
    rows = _grouped(_assigned(start, end, department, within), campaign_name=campaign)
    rows.sort(key=lambda row: (row["campaign_name"] is None, row["campaign_name"] or ""))
    return {row["campaign_name"] or "": _figures(row) for row in rows}


def campaign_suggestions(campaign):
    """What `campaign` produced in suggestions (those that count, whenever 交办, linked to
    the campaign or to one of its activities, as the campaign figures' outputs): how many
    were put (`put`), and the contract's figures of those 交办 since — the campaign
    dashboard's and the bulletin's sentence. One query."""
    suggestions = Suggestion.objects.counted().filter(
        Q(campaign=campaign) | Q(activity__campaign=campaign)
    )
    counts = {key: count for key, count in _counts().items() if key != "received"}
    # A grouping by a constant, not aggregate(): PostgreSQL's aggregate over these
    # annotations would lose the columns the filters name. One row, whatever the count.
    (row,) = (
        suggestions.with_latest()
        .order_by()
        .values(whole=Value(1))
        .annotate(
            put=Count("pk"), received=Count("pk", filter=Q(assigned_on__isnull=False)), **counts
        )
    )
    return {"put": row["put"], **_figures(row)}


LABELS = {
    "received": _("Suggestions assigned"),
    "answered": _("Answered"),
    "answer_rate": _("Answer rate (%)"),
    "on_time": _("Answered on time"),
    "on_time_rate": _("On-time answer rate (%)"),
    "ratings.satisfied": _("Satisfied"),
    "ratings.basically_satisfied": _("Basically satisfied"),
    "ratings.dissatisfied": _("Dissatisfied"),
    "ratings.satisfaction_rate": _("Satisfaction rate (%)"),
    "rehandled": _("Handled again"),
}
TABLE_HEADERS = [_("Unit"), _("Figure"), _("Name"), _("Value")]


def _label(key):
    if key.startswith("by_class."):
        return _("Class %(class)s replies") % {"class": key.rpartition(".")[2]}
    return LABELS.get(key, "")


def _rows_of(unit, figures):
    rows = []
    for key, value in figures.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                rows.append([unit, f"{key}.{inner}", str(_label(f"{key}.{inner}")), inner_value])
        else:
            rows.append([unit, key, str(_label(key)), value])
    return rows


def figure_rows(figures):
    """The figures as a table: [unit ("" for the total), figure key, its name, value],
    the total first, then each lead unit, in the contract's order."""
    total = {k: v for k, v in figures.items() if k not in ("period", "by_department")}
    rows = _rows_of("", total)
    for unit, unit_figures in figures["by_department"].items():
        rows += _rows_of(unit, unit_figures)
    return rows
