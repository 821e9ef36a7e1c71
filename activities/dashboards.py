"""The dashboards' tables and charts, each figure computed once, here, by the database.

The headline figures of a campaign are `figures.campaign_figures`; this module breaks a
campaign down by leader, group, area, month and topic, and sums a period for the
province overview and the area pages. Every function runs a fixed number of queries.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from representatives.models import Area, Membership
from representatives.protocol import titled

from .caching import kept
from .figures import (
    LEADER,
    SubqueryCount,
    leader_group_members,
    members_taking_part,
    took_part,
    with_rate,
)
from .models import Activity, Attendance, Output, Problem, Topic
from .rates import percentage
from .review import Reviewed


def city_of(path, field="name"):
    """The city (市州) the area at `path` lies in (itself, its parent or grandparent): its
    `field`. An area above the cities (the province) stands for itself."""
    return Case(
        When(**{f"{path}__kind": Area.Kind.CITY}, then=F(f"{path}__{field}")),
        When(**{f"{path}__parent__kind": Area.Kind.CITY}, then=F(f"{path}__parent__{field}")),
        When(
            **{f"{path}__parent__parent__kind": Area.Kind.CITY},
            then=F(f"{path}__parent__parent__{field}"),
        ),
        default=F(f"{path}__{field}"),
    )


def problem_counts(path):
    """A Q: the problem at `path`, reached from an activity that counts already, counts
    too (`Problem.counts_when` without joining its activity a second time)."""
    return Reviewed.counts_when(path)


# --- one campaign ---------------------------------------------------------------


def leader_rows(campaign, sort="post"):
    """Per enrolled leader: groups, activities led, members taking part in their groups
    (n/N and %), problems resolved at their activities, outputs; each with the post held
    during the campaign (`titled`). Five queries. In protocol order, unless sorted by a
    column (`sort` "post", the default, is that order)."""
    return sort_rows(leader_table(campaign), sort)


@kept
def leader_table(campaign):
    """`leader_rows` in protocol order."""
    members = {
        row.pop("leader_pk"): with_rate(row)
        for row in members_taking_part(leader_group_members([campaign.pk]), leader_pk=F(LEADER))
    }
    groups = {}
    for leader_id, name in (
        Membership.objects.overlapping(campaign.start, campaign.end)
        .filter(representative__in=campaign.leaders.all())
        .values_list("representative", "group__name")
        .order_by("group__name")
    ):
        groups.setdefault(leader_id, []).append(name)
    # Each count starts from the leader's own rows (the leaders' links, the outputs' authors)
    # and orders nothing: SQLite read every activity or resolved problem of the campaign
    # once per leader when they started from the campaign (18 s at province scale).
    led = Activity.leaders.through.objects.filter(
        Activity.counts_when("activity__"),
        activity__campaign=campaign,
        representative=OuterRef("pk"),
    )
    resolved = led.filter(
        problem_counts("activity__problems__"), activity__problems__status=Problem.Status.RESOLVED
    )
    outputs = Output.objects.counted().of_campaign(campaign).filter(representatives=OuterRef("pk"))
    leaders = campaign.leaders.annotate(
        n_led=SubqueryCount(led.order_by().values("pk")),
        n_resolved=SubqueryCount(resolved.order_by().values("activity__problems")),
        n_outputs=SubqueryCount(outputs.order_by().values("pk")),
    )
    rows = []
    for person in titled(leaders, (campaign.start, campaign.end)):
        leader = person.representative
        counts = members.get(leader.pk, {"total": 0, "participated": 0, "rate": 0.0})
        rows.append(
            {
                "leader": leader,
                "titled": person,
                "name": leader.initials.split(" ")[0],  # by pinyin: the likeliest reading
                "groups": groups.get(leader.pk, []),
                "led": leader.n_led,
                "resolved": leader.n_resolved,
                "outputs": leader.n_outputs,
                **counts,
            }
        )
    return rows


def group_rows(campaign, sort="rate"):
    """Per leader group: members taking part (n/N, %), activities, problems resolved."""
    return sort_rows(group_table(campaign), sort)


@kept
def group_table(campaign):
    members = members_taking_part(
        leader_group_members([campaign.pk]),
        group_pk=F("group"),
        name=F("group__name"),
        area=F("group__area__name"),
    )
    work = activity_counts(campaign, group_pk=F("group"))
    return [with_rate(row) | work.get(row["group_pk"], NO_WORK) for row in members]


def area_rows(campaign, sort="rate"):
    """Per city (its name and key, `area_pk`): the members of its leader groups taking
    part, activities, problems resolved."""
    return sort_rows(area_table(campaign), sort)


@kept
def area_table(campaign):
    members = members_taking_part(
        leader_group_members([campaign.pk]),
        area_pk=city_of("group__area", "id"),
        name=city_of("group__area"),
    )
    work = activity_counts(campaign, area_pk=city_of("group__area", "id"))
    return [with_rate(row) | work.get(row["area_pk"], NO_WORK) for row in members]


NO_WORK = {"activities": 0, "resolved": 0}


def activity_counts(campaign, **key):
    """{key: {activities, resolved problems}} of the campaign's activities, by a key of
    their groups (one query)."""
    through = Activity.groups.through.objects.filter(
        Activity.counts_when("activity__"), activity__campaign=campaign
    )
    rows = through.values(**key).annotate(
        activities=Count("activity", distinct=True),
        resolved=Count(
            "activity__problems",
            distinct=True,
            filter=Q(activity__problems__status=Problem.Status.RESOLVED)
            & problem_counts("activity__problems__"),
        ),
    )
    (name,) = key
    return {row.pop(name): row for row in rows}


def sort_rows(rows, sort):
    """Rows sorted by `sort` (a column; leading '-' for descending, the default for numbers)."""
    key = sort.lstrip("-")
    if not rows or key not in rows[0]:
        return rows
    numeric = isinstance(rows[0][key], int | float)
    descending = sort.startswith("-") != numeric  # numbers: largest first unless '-'
    return sorted(rows, key=lambda row: row[key] if numeric else str(row[key]), reverse=descending)


class MonthOf(TruncMonth):
    """The first day of the month of a date. On SQLite in its own `date(…, 'start of
    month')`: Django's TruncMonth calls a Python function there for every row, which was
    most of the time of a year's activities by month (55 ms of 60 at city scale)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        if isinstance(self.lhs.output_field, DateTimeField):  # its time zone: Django's way
            return self.as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'start of month')", params


@kept
def activities_by_month(activities):
    """[(first day of the month, n)] of `activities`, in order (one query)."""
    rows = (
        activities.annotate(month=MonthOf("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows]


@kept
def activities_by_topic(activities):
    """[(topic, n)] of `activities`, most first (one query)."""
    rows = (
        Topic.objects.filter(activities__in=activities)
        .annotate(n=Count("activities", distinct=True))
        .order_by("-n", "name")
    )
    return [(topic.name, topic.n) for topic in rows]


@kept
def activities_by_city(activities):
    """[(city, n)] of `activities`, by the city of their groups, most first (one query)."""
    rows = (
        Activity.groups.through.objects.filter(activity__in=activities)
        .values(city=city_of("group__area"))
        .annotate(n=Count("activity", distinct=True))
        .order_by("-n", "city")
    )
    return [(row["city"], row["n"]) for row in rows]


# --- a period: the province overview and the area pages ---------------------------


def latest_year(activities, today):
    """The year of the latest of `activities` dated up to `today`, or None when there is
    none (one query). A dashboard opens on that year: see `year_to_date`."""
    latest = activities.filter(date__lte=today).aggregate(latest=Max("date"))["latest"]
    return latest.year if latest else None


def year_to_date(year, today):
    """(start, end) of `year`: the whole year, or this year up to `today`."""
    end = today if year == today.year else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), end


def why_this_year(year, today):
    """What a page that chose its own period says about it."""
    if year is None:
        return gettext("No records yet: showing this year so far.")
    if year == today.year:
        return gettext("Showing this year so far, the latest year with records.")
    return gettext("Showing %(year)s, the latest year with records.") % {"year": year}


def previous_period(start, end):
    """环比 (period on period): the period of the same length just before [start, end]."""
    length = end - start
    return start - length - datetime.timedelta(days=1), start - datetime.timedelta(days=1)


def a_year_earlier(day, *, period_end=False):
    """The same month and day one year earlier. 29 February falls on the 28th; the last
    day of February ending a period falls on the last day of February (a 29th), so that
    a whole February is compared with a whole February."""
    if period_end and day.month == 2 and (day + datetime.timedelta(days=1)).month == 3:
        return datetime.date(day.year - 1, 3, 1) - datetime.timedelta(days=1)
    if day.month == 2 and day.day == 29:
        return datetime.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def same_dates_a_year_earlier(start, end):
    """同比 (year on year): the same dates one year earlier (see `a_year_earlier`)."""
    return a_year_earlier(start), a_year_earlier(end, period_end=True)


# What a dashboard compares its period with, by the key in its address (?compare=…):
# 同比 unless asked for 环比.
COMPARISONS = {
    "yoy": (_("Year on year"), same_dates_a_year_earlier),
    "mom": (_("Period on period"), previous_period),
}
DEFAULT_COMPARISON = "yoy"


def comparisons(start, end, chosen):
    """Each comparison of [start, end]: {key, label, start, end, chosen}, 同比 first."""
    chosen = chosen if chosen in COMPARISONS else DEFAULT_COMPARISON
    rows = []
    for key, (label, rule) in COMPARISONS.items():
        then_start, then_end = rule(start, end)
        rows.append(
            {"key": key, "label": label, "start": then_start, "end": then_end,
             "chosen": key == chosen}
        )  # fmt: skip
    return rows


@kept
def period_figures(activities, tallies, start, end, before=None):
    """Activities, person-times, problems, outputs and tallies of [start, end] beside the
    period `before` ((start, end); the same dates a year earlier unless given): rows
    {key, label, now, then, change} in the order of PERIOD_MEASURES. Two queries.

    `activities` and `tallies` come filtered by everything but the period. Person-times
    count the attendance rows present or guest (distinct people would cost a scan of a
    year's attendance, a second at province scale; the campaign dashboards count
    people). Problems and outputs are those of the activities of the period; tallies
    are those that begin in it.

    The activities' figures are one UNION ALL of three parts, each joining the
    activities to one kind of row only, so that nothing is counted DISTINCT (problems
    and outputs joined together multiplied each other's rows); the person-times are
    each activity's count of its checklist taking part, which the index
    `attendance_activity_status_idx` answers alone, summed (counting the joined
    attendance rows tested the periods on every row). The city on SQLite: 100 → 72 ms
    (the overview), 118 → 99 ms (an area page); the province on PostgreSQL:
    0.72 → 0.52 s (docs/performance/dashboards.md).
    """
    before = before or same_dates_a_year_earlier(start, end)
    periods = {"now": (start, end), "then": before}
    in_either = activities.filter(date__range=(min(start, before[0]), end)).order_by()
    raised = problem_counts("problems__")
    resolved = raised & Q(problems__status=Problem.Status.RESOLVED)
    output = Output.counts_when("outputs__")
    checklist = SubqueryCount(
        Attendance.objects.taking_part().filter(activity=OuterRef("pk")).order_by().values("pk")
    )

    def part(section, first, second=None):
        """One row: `section`, then `first(period)` and `second(period)` (two figures,
        or one and zeros) of each period, now first."""
        figures = {}
        for n, counted in enumerate([first, second]):
            for label, days in periods.items():
                period = Q(date__range=days)
                figures[f"{n}_{label}"] = counted(period) if counted else Value(0)
        return in_either.values(section=Value(section)).annotate(**figures)

    parts = [
        part("activities", lambda period: Count("pk", filter=period),
             lambda period: Coalesce(Sum(checklist, filter=period), 0)),
        part("problems", lambda period: Count("problems", filter=period & raised),
             lambda period: Count("problems", filter=period & resolved)),
        part("outputs", lambda period: Count("outputs", filter=period & output)),
    ]  # fmt: skip
    columns = ["section", "0_now", "0_then", "1_now", "1_then"]
    values = {}
    for section, *counts in parts[0].union(*parts[1:], all=True).values_list(*columns):
        for key, (now, then) in zip(SECTIONS[section], [counts[:2], counts[2:]], strict=False):
            values |= {f"{key}_now": now, f"{key}_then": then}
    values |= tallies.aggregate(
        **{
            f"{field}_{label}": Coalesce(Sum(field, filter=Q(start__range=days)), 0)
            for field in ["person_times", "problems_solved", "aid_yuan"]
            for label, days in periods.items()
        }
    )
    return [
        {"key": key, "label": label, "now": values[f"{key}_now"], "then": values[f"{key}_then"],
         "change": values[f"{key}_now"] - values[f"{key}_then"]}
        for key, label in PERIOD_MEASURES
    ]  # fmt: skip


# The measures each part of `period_figures`' UNION ALL counts, in its columns' order.
SECTIONS = {
    "activities": ["activities", "attendance"],
    "problems": ["raised", "resolved"],
    "outputs": ["outputs"],
}


PERIOD_MEASURES = [
    ("activities", _("Activities")),
    ("attendance", _("Person-times taking part")),
    ("raised", _("Problems raised")),
    ("resolved", _("Problems resolved")),
    ("outputs", _("Outputs")),
    ("person_times", _("Person-times of contact with the masses")),
    ("problems_solved", _("Problems solved for the masses")),
    ("aid_yuan", _("Aid in materials or funds (yuan)")),
]


@kept
def work_by_city(activities, start, end):
    """Per city (its name and key, `area_pk`): activities and problems raised and
    resolved in [start, end] (one query)."""
    rows = (
        Activity.groups.through.objects.filter(
            activity__in=activities, activity__date__range=(start, end)
        )
        .values(area_pk=city_of("group__area", "id"), name=city_of("group__area"))
        .annotate(
            activities=Count("activity", distinct=True),
            raised=Count(
                "activity__problems",
                distinct=True,
                filter=problem_counts("activity__problems__"),
            ),
            resolved=Count(
                "activity__problems",
                distinct=True,
                filter=Q(activity__problems__status=Problem.Status.RESOLVED)
                & problem_counts("activity__problems__"),
            ),
        )
        .order_by("-activities", "name")
    )
    return list(rows)


@kept
def groups_by_participation(groups, start, end):
    """Groups ranked by the share of their members (in [start, end]) who took part in one
    of the group's activities of the period (one query)."""
    in_period = Membership.overlap_q(start, end, "memberships")
    own_activities = (  # unordered: a count sorted nothing but the time it took
        Activity.objects.counted()
        .filter(groups=OuterRef("pk"), date__range=(start, end))
        .order_by()
    )
    took_part_here = took_part(
        "memberships__representative",
        activity__groups=OuterRef("pk"),
        activity__date__range=(start, end),
    )
    rows = groups.annotate(
        total=Count("memberships__representative", filter=in_period, distinct=True),
        participated=Count(
            "memberships__representative",
            filter=in_period & took_part_here,
            distinct=True,
        ),
        n_activities=SubqueryCount(own_activities.values("pk")),
    ).select_related("area")
    ranked = [(group, percentage(group.participated, group.total)) for group in rows]
    return sorted(ranked, key=lambda item: (-item[1], -item[0].total, item[0].name))
