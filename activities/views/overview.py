"""The province overview (the leaders' home page) and the area pages."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activities.caching import kept, serves_kept_figures
from activities.dashboards import (
    activities_by_month,
    comparisons,
    groups_by_participation,
    period_figures,
    why_this_year,
    work_by_city,
    year_to_date,
)
from activities.figures import campaigns_participation
from activities.filters import OverviewFilter
from activities.models import Activity, ContactTally, Problem, took_part_where
from activities.review import counting_as_asked
from lianluo.paging import page_of
from representatives.models import Area, Group, Membership, Representative

IDLE_SHOWN = 20  # the area page names this many deputies with no activity, then links on
GROUPS_SHOWN = 50  # the area page's groups a page (a city has some 700; issue 16)


def period_of(filterset, activities):
    """(start, end, why, by_month): the period shown, the earlier date first, why the
    page chose it (None when the address chose it) and its activities per month.

    An end the filter leaves open or gets wrong (the filter says what was wrong) is that
    of this year so far. A page asked for no period opens on the latest year with
    records: the calendar year of the latest counted activity the page selects (those
    the user sees, in the area and filters chosen, up to today), this year so far when
    that is this year or there is none. One query either way: the months with records
    tell the latest year and draw the chart."""
    today = timezone.localdate()
    chosen = filterset.form.cleaned_data.get("date")
    if chosen and (chosen.start or chosen.stop):
        start = chosen.start.date() if chosen.start else datetime.date(today.year, 1, 1)
        end = chosen.stop.date() if chosen.stop else today
        start, end = sorted([start, end])
        return start, end, None, activities_by_month(activities.filter(date__range=(start, end)))
    months = activities_by_month(activities.filter(date__lte=today))
    year = months[-1][0].year if months else None
    start, end = year_to_date(year or today.year, today)
    by_month = [(month, n) for month, n in months if month.year == start.year]
    return start, end, why_this_year(year, today), by_month


def followable_areas(user, rows):
    """Whether `user` may open the area of each row (its `area_pk`): at most one query."""
    if Area.objects.sees_whole_province(user):
        return [True] * len(rows)
    visible = set(
        Area.objects.visible_to(user)
        .filter(pk__in=[row["area_pk"] for row in rows])
        .values_list("pk", flat=True)
    )
    return [row["area_pk"] in visible for row in rows]


def filtered(request, area=None):
    """The filter set, and the activities and tallies it selects, all periods together.

    A field the filter refuses is left out, and shown with its error; the others apply
    to the tallies as to the activities."""
    user = request.user
    activities = Activity.objects.visible_to(user).counted()
    tallies = ContactTally.objects.visible_to(user).counted()
    data = request.GET
    if area is not None:  # an area page: the area is fixed, not a filter
        data = data.copy()
        data.pop("area", None)
        activities = activities.in_areas(Area.objects.within(area))
        tallies = tallies.filter(area__in=Area.objects.within(area))
    filterset = OverviewFilter(data, queryset=activities, request=request)
    if area is not None:
        del filterset.filters["area"]
    filterset.form.is_valid()  # cleans each field: those in error are not in cleaned_data
    chosen = filterset.form.cleaned_data.get("area")
    campaign = filterset.form.cleaned_data.get("campaign")
    if chosen:
        tallies = tallies.filter(area__in=Area.objects.within(int(chosen)))
    if campaign:
        tallies = tallies.filter(campaign=campaign)
    return filterset, filterset.qs, tallies


def overview_context(request, area=None):
    filterset, activities, tallies = filtered(request, area)
    start, end, why, by_month = period_of(filterset, activities)
    compared = comparisons(start, end, filterset.form.cleaned_data.get("compare"))
    (chosen,) = [c for c in compared if c["chosen"]]
    by_city = work_by_city(activities, start, end)
    for row, link in zip(by_city, followable_areas(request.user, by_city), strict=True):
        row["link"] = link
    return {
        "filter": filterset,
        "start": start,
        "end": end,
        "period_why": why,
        "comparisons": compared,
        "compared": chosen,
        "measures": period_figures(
            activities, tallies, start, end, (chosen["start"], chosen["end"])
        ),
        "by_city": by_city,
        "by_month": [(f"{month:%Y-%m}", n) for month, n in by_month],
    }


@login_required
@require_safe
@counting_as_asked
@serves_kept_figures
def overview(request):
    """The province (or a scoped user's areas) over a period, beside the period before."""
    context = overview_context(request)
    context["campaigns"] = campaigns_participation(
        context["start"], context["end"], timezone.localdate()
    )
    return render(request, "activities/overview.html", context)


@login_required
@require_safe
@counting_as_asked
@serves_kept_figures
def area_detail(request, pk):
    """One city or county: the overview narrowed to it, its groups and its open problems."""
    area = get_object_or_404(Area.objects.visible_to(request.user), pk=pk)
    context = overview_context(request, area)
    start, end = context["start"], context["end"]
    groups = Group.objects.visible_to(request.user).filter(area__in=Area.objects.within(area))
    context["area"] = area
    context["groups"] = page_of(request, groups_by_participation(groups, start, end), GROUPS_SHOWN)
    context["open_problems"] = (
        Problem.objects.visible_to(request.user)
        .counted()
        .still_open()
        .filter(area__in=Area.objects.within(area))
        .select_related("activity", "department")
        .order_by("activity__date")[:20]
    )
    idle = idle_shown(groups, start, end)
    context["idle"], context["idle_more"] = idle[:IDLE_SHOWN], len(idle) > IDLE_SHOWN
    return render(request, "activities/area_detail.html", context)


@kept
def idle_shown(groups, start, end):
    """The first IDLE_SHOWN of `idle_deputies`, and one more when there are more.

    Read whole and cut here: asked for the first 21 by name, PostgreSQL walked every
    deputy of the province in name order looking for them (4 s at province scale); read
    whole, it starts from the members of the groups (the idle are few, and a page of
    them at most an area's deputies)."""
    return list(idle_deputies(groups, start, end))[: IDLE_SHOWN + 1]


def idle_deputies(groups, start, end):
    """The members of `groups` during [start, end] who took part in no activity and led
    none in it (代表本期无活动记录), by name, as a queryset. (The area's deputies page
    ranks them all with their archives.)"""
    member = Membership.objects.filter(representative=OuterRef("pk"), group__in=groups).overlapping(
        start, end
    )
    return (
        Representative.objects.filter(Exists(member))
        .exclude(took_part_where(representative=OuterRef("pk"), activity__date__range=(start, end)))
        .order_by("name", "code")
        .only("pk", "name", "code")
    )
