"""The campaign figures of DESIGN.md, computed by the database in a fixed number of queries.

Every figure a leader sees about a campaign comes from `campaign_figures()`; the report
command, the campaign page and the bulletin draft (`bulletins/drafting.py`) all read this
one dict.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.utils.translation import gettext_lazy as _

from representatives.models import Membership

from .caching import kept
from .models import (
    Activity,
    Campaign,
    ContactTally,
    Mode,
    Output,
    Problem,
    took_part_where,
)
from .rates import percentage


def took_part(person="pk", **activity):
    """A Q: the representative at `person` (a path in the outer query) took part in
    (`models.took_part_where`: led or attended) an activity matching the `activity__…`
    lookups, as in took_part(activity__in=activities)."""
    return took_part_where(representative=OuterRef(person), **activity)


# From a member's membership to the campaign its group's leader is enrolled in.
LEADER = "group__memberships__representative"
CAMPAIGN = f"{LEADER}__campaigns_enrolled"


def _in_campaign_period(prefix=""):
    """A Q: the membership at `prefix` overlaps the period of the campaign at CAMPAIGN."""
    return Membership.overlap_q(F(f"{CAMPAIGN}__start"), F(f"{CAMPAIGN}__end"), prefix)


def leader_group_members(campaigns):
    """Members of the leader groups of `campaigns` (DESIGN: "Campaign figures").

    One row per (member's membership, leader's membership, campaign) where both
    memberships overlap the campaign's period: group the rows with `members_taking_part`
    by campaign, leader, group or area.
    """
    return Membership.objects.filter(
        _in_campaign_period(),
        _in_campaign_period("group__memberships"),
        **{f"{CAMPAIGN}__in": campaigns},
    )


def members_taking_part(memberships, **keys):
    """Distinct members (total) and those who led or attended an activity of the row's
    campaign (participated), grouped by `keys`: one query."""
    in_campaign = took_part("representative", activity__campaign=OuterRef(CAMPAIGN))
    return memberships.values(**keys).annotate(
        total=Count("representative", distinct=True),
        participated=Count("representative", distinct=True, filter=in_campaign),
    )


def with_rate(row):
    """A row of `members_taking_part` with its participation rate (%) added."""
    return row | {"rate": percentage(row["participated"], row["total"])}


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated queryset (0 when it is empty)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


TALLIED = ["person_times", "problems_solved", "aid_yuan"]


def campaign_counts(campaign):
    """Activities by mode, problems by status, outputs by kind and the contact tallies'
    sums of `campaign`: {section: {key: n}}, all in one query (each section grouped once,
    the groups in one UNION ALL: a count a key read the campaign's activities nine times)."""

    def grouped(queryset, section, key, n):
        return queryset.order_by().values(section=Value(section), key=key).annotate(n=n)

    tallies = ContactTally.objects.counted().filter(campaign=campaign)
    parts = [
        grouped(Activity.objects.counted().filter(campaign=campaign), "activities", F("mode"),
                Count("pk")),
        grouped(Problem.objects.counted().filter(activity__campaign=campaign), "problems",
                F("status"), Count("pk")),
        grouped(Output.objects.counted().of_campaign(campaign), "outputs", F("kind"),
                Count("pk")),
        *(grouped(tallies, "contacts", Value(field), Sum(field)) for field in TALLIED),
    ]  # fmt: skip
    found = {(section, key): n for section, key, n in parts[0].union(*parts[1:], all=True)
             .values_list("section", "key", "n")}  # fmt: skip

    def section(name, keys):
        counts = {key: found.get((name, key), 0) for key in keys}
        total = sum(n for (each, _key), n in found.items() if each == name)
        return {"total": total, **counts}

    return {
        "activities": section("activities", Mode.values),
        "problems": section("problems", Problem.Status.values),
        "outputs": section("outputs", Output.Kind.values),
        "contacts": {field: found.get(("contacts", field)) or 0 for field in TALLIED},
    }


@kept
def campaign_figures(campaign):
    """The report contract's figures for `campaign`, as a dict ready for JSON: 3 queries."""
    activities = Activity.objects.counted().filter(campaign=campaign)
    accompanied = activities.filter(accompanied=True)
    start, end = campaign.start, campaign.end

    leaders = campaign.leaders.aggregate(
        enrolled=Count("pk"),
        participated=Count("pk", filter=took_part(activity__in=activities)),
        accompanied=Count("pk", filter=took_part(activity__in=accompanied)),
    )

    rows = members_taking_part(leader_group_members([campaign.pk]), campaign=F(CAMPAIGN))
    members = next(iter(rows), {"total": 0, "participated": 0})

    counts = campaign_counts(campaign)
    activity_counts = counts["activities"]

    return {
        "campaign": campaign.slug,
        "title": campaign.title,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "leaders": {"enrolled": leaders["enrolled"], "participated": leaders["participated"]},
        "group_members": with_rate(
            {"total": members["total"], "participated": members["participated"]}
        ),
        "activities": {
            "total": activity_counts.pop("total"),
            "by_mode": activity_counts,
            "accompanied_leaders": leaders["accompanied"],
        },
        "problems": counts["problems"],
        "outputs": counts["outputs"],
        "contacts": counts["contacts"],
    }


def resolution_rate(problems):
    """The share (%) of the problems resolved, from the counts `campaign_figures()` gives
    under "problems" ({"total": n, "resolved": n, …})."""
    return percentage(problems["resolved"], problems["total"])


@kept
def campaigns_participation(start, end, today):
    """The campaigns running at some day of [start, end], latest ending first, each with
    its leader groups' members taking part (total, participated, rate) and whether it is
    still running on `today`: one query."""
    rows = members_taking_part(
        leader_group_members(Campaign.objects.filter(start__lte=end, end__gte=start)),
        pk=F(CAMPAIGN),
        title=F(f"{CAMPAIGN}__title"),
        slug=F(f"{CAMPAIGN}__slug"),
        campaign_end=F(f"{CAMPAIGN}__end"),
    )
    return [
        with_rate(row) | {"running": row["campaign_end"] >= today}
        for row in rows.order_by("-campaign_end")
    ]


LABELS = {
    "leaders.enrolled": _("Leaders enrolled"),
    "leaders.participated": _("Leaders taking part"),
    "group_members.total": _("Members of the leaders' groups"),
    "group_members.participated": _("Members taking part"),
    "group_members.rate": _("Members' participation rate (%)"),
    "activities.total": _("Activities"),
    "activities.accompanied_leaders": _("Leaders accompanied by liaison staff"),
    "problems.total": _("Problems raised"),
    "outputs.total": _("Outputs"),
    "contacts.person_times": _("Person-times of contact with the masses"),
    "contacts.problems_solved": _("Problems solved for the masses"),
    "contacts.aid_yuan": _("Aid in materials or funds (yuan)"),
}
CHOICE_GROUPS = {"activities.by_mode": Mode, "problems": Problem.Status, "outputs": Output.Kind}


def figure_rows(figures):
    """The figures as a table: [figure key, its name, value], in the contract's order."""
    rows = []

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
            return
        parent, _dot, last = prefix.rpartition(".")
        choices = CHOICE_GROUPS.get(parent)
        name = LABELS.get(prefix) or (
            choices(last).label if choices and last in choices.values else ""
        )
        rows.append([prefix, str(name), value])

    walk("", {k: v for k, v in figures.items() if k not in ("campaign", "title", "period")})
    return rows


TABLE_HEADERS = [_("Figure"), _("Name"), _("Value")]


# What the apps built on the work say about a campaign beside its figures (the
# suggestions it produced): they register here from their AppConfig.ready(), since this
# app imports none of them. The campaign figures above never change for it.
@dataclass(frozen=True)
class CampaignExtra:
    """One block of the campaign dashboard (`template`, given `figures` as `extra`) and
    one sentence of the bulletin draft (in the bulletin's register, or "")."""

    template: str
    figures: dict
    sentence: str = ""


_CAMPAIGN_EXTRAS = []


def add_campaign_extra(extra):
    """Register `extra(campaign)` → a CampaignExtra, or None when it has nothing to say."""
    if extra not in _CAMPAIGN_EXTRAS:
        _CAMPAIGN_EXTRAS.append(extra)


@kept
def campaign_extras(campaign):
    """What the registered apps say about `campaign`, in the order they registered."""
    return [said for extra in _CAMPAIGN_EXTRAS if (said := extra(campaign)) is not None]
