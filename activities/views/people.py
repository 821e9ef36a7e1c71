"""The page that reads a group's work: its members' attendance. A representative's
archive 履职档案 is the archives app's (archives/views.py); the roster app only lists
and finds people."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activities.dashboards import latest_year, why_this_year, year_to_date
from activities.figures import group_attendance
from activities.review import counting_as_asked
from representatives.forms import PeriodForm
from representatives.models import Group


@login_required
@require_safe
@counting_as_asked
def group_detail(request, pk):
    """A group's members, each with their attendance at the group's activities in a period."""
    group = get_object_or_404(Group.objects.visible_to(request.user).select_related("area"), pk=pk)
    today = timezone.localdate()
    period = PeriodForm(request.GET)
    period.is_valid()
    why = None
    if period.cleaned_data.get("start") or period.cleaned_data.get("end"):
        start, end = period.period(datetime.date(today.year, 1, 1), today)
    else:  # asked for no period: the latest year of the group's counted activities
        year = latest_year(group.activities.counted(), today)
        start, end = year_to_date(year or today.year, today)
        why = why_this_year(year, today)
    rows = group_attendance(group, start, end)
    activities = group.activities.counted().filter(date__range=(start, end)).order_by("-date")
    return render(
        request,
        "activities/group_detail.html",
        {
            "group": group,
            "rows": rows,
            "activities": activities,
            "start": start,
            "end": end,
            "period": period,
            "period_why": why,
        },
    )
