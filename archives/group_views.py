"""The archives of many deputies for a period: a group's members (the group's page) and an
area's deputies, ranked, with those who had no activity at all; and either as one .zip
of their Word archives (batches.py)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activities.dashboards import latest_year
from activities.models import Activity
from activities.review import counting_as_asked
from representatives.models import Area, Group, Membership

from .periods import PeriodForm
from .tables import COLUMNS, rows_of, sort_rows

AREA_PAGE_SIZE = 50


def period_asked(request, activities):
    """(form, period): the period the address asks, else the latest year of `activities`."""
    today = timezone.localdate()
    form = PeriodForm(request.GET, user=request.user)
    return form, form.period(latest_year(activities, today), today)


def area_groups(user, area):
    """The groups of `area` and the areas below it that `user` sees."""
    return Group.objects.visible_to(user).filter(area__in=Area.objects.within(area))


def group_activities(groups):
    """The counted activities of `groups`: the latest year of them is the default period."""
    return Activity.objects.counted().filter(groups__in=groups)


def _memberships(groups, period):
    return (
        Membership.objects.filter(group__in=groups)
        .overlapping(period.start, period.end)
        .select_related("representative", "group")
        .order_by("joined_on", "pk")
    )


def _context(request, form, period, rows):
    ordered, column = sort_rows(rows, request.GET.get("sort"))
    points_kept = bool(rows) and rows[0].points is not None
    columns = {key: label for key, label in COLUMNS.items() if key != "points" or points_kept}
    return {
        "form": form,
        "period": period,
        "start": period.start,
        "end": period.end,
        "rows": ordered,
        "sort": column,
        "columns": columns,
        "points_kept": points_kept,
        "zip_inline": settings.ARCHIVE_ZIP_INLINE,
    }


@login_required
@require_safe
@counting_as_asked
def group(request, pk):
    """A group's members during the period, each with the figures of their archive, and
    the group's activities of the period."""
    group = get_object_or_404(Group.objects.visible_to(request.user).select_related("area"), pk=pk)
    form, period = period_asked(request, group_activities([group]))
    rows = rows_of(_memberships([group], period), period.start, period.end)
    context = _context(request, form, period, rows)
    context["group"] = group
    context["activities"] = (
        group.activities.counted().filter(date__range=(period.start, period.end)).order_by("-date")
    )
    return render(request, "archives/group.html", context)


@login_required
@require_safe
@counting_as_asked
def area(request, pk):
    """The deputies of the groups of an area (and the areas below it) during the period,
    ranked; and those of them who took part in no activity and led none."""
    area = get_object_or_404(Area.objects.visible_to(request.user), pk=pk)
    groups = area_groups(request.user, area)
    form, period = period_asked(request, group_activities(groups))
    rows = rows_of(_memberships(groups, period), period.start, period.end)
    context = _context(request, form, period, rows)
    context["area"] = area
    context["page"] = Paginator(context["rows"], AREA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context["query"] = query.urlencode()
    context["idle"] = [row for row in rows if row.idle]
    return render(request, "archives/area.html", context)
