from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from activities.caching import serves_kept_figures
from activities.dashboards import (
    activities_by_city,
    activities_by_month,
    activities_by_topic,
    area_rows,
    group_rows,
    leader_rows,
)
from activities.figures import (
    TABLE_HEADERS,
    campaign_extras,
    campaign_figures,
    figure_rows,
    resolution_rate,
)
from activities.models import Activity, Campaign, Mode, Problem
from activities.review import counting_as_asked
from lianluo.history import log_download
from lianluo.paging import page_of
from lianluo.spreadsheets import download
from representatives.models import Area, Group, Representative


@login_required
@require_safe
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user)
    return render(request, "activities/campaign_list.html", {"campaigns": campaigns})


TABLES = {"leaders": leader_rows, "groups": group_rows, "areas": area_rows}
# Rows of a table a page shows: a province's campaign has 250–500 leaders and 10,000
# groups, which drawn whole made the page the slowest a leader opens (issue 16).
TABLE_ROWS = 50


def followable(table, rows, user):
    """Mark each row `link` when `user` may open its leader, group or area (one query).

    The dashboard is the province's, whoever reads it; a row links only where the
    reader may follow. Whoever sees the whole province may follow every row."""
    model, key = {
        "leaders": (Representative, lambda row: row["leader"].pk),
        "groups": (Group, lambda row: row["group_pk"]),
        "areas": (Area, lambda row: row["area_pk"]),
    }[table]
    if Area.objects.sees_whole_province(user):
        visible = {key(row) for row in rows}
    else:
        visible = set(
            model.objects.visible_to(user)
            .filter(pk__in=[key(row) for row in rows])
            .values_list("pk", flat=True)
        )
    for row in rows:
        row["link"] = key(row) in visible
    return rows


@login_required
@require_safe
@counting_as_asked
@serves_kept_figures
def campaign_detail(request, slug):
    """The campaign dashboard: headline figures, charts, and one table at a time."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), slug=slug)
    figures = campaign_figures(campaign)
    table = request.GET.get("table") if request.GET.get("table") in TABLES else "leaders"
    sort = request.GET.get("sort", "post" if table == "leaders" else "rate")  # post: protocol
    activities = Activity.objects.counted().filter(campaign=campaign)
    problems = figures["problems"]
    page = page_of(request, TABLES[table](campaign, sort), TABLE_ROWS)
    page.object_list = followable(table, page.object_list, request.user)
    charts = {
        "month": [(f"{month:%Y-%m}", n) for month, n in activities_by_month(activities)],
        "mode": [(label, figures["activities"]["by_mode"][key]) for key, label in Mode.choices],
        "topic": activities_by_topic(activities),
        "city": activities_by_city(activities),
        "status": [(label, problems[key]) for key, label in Problem.Status.choices],
    }
    return render(
        request,
        "activities/campaign_detail.html",
        {
            "campaign": campaign,
            "figures": figures,
            "extras": campaign_extras(campaign),
            "resolution_rate": resolution_rate(problems),
            "charts": charts,
            "table": table,
            "sort": sort,
            "page": page,
            "rows": page.object_list,
        },
    )


@login_required
@require_safe
def campaign_report(request, slug, file_format):
    """The figures as a download: the same as `manage.py campaign_report --format …`."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), slug=slug)
    figures = campaign_figures(campaign)
    rows = figure_rows(figures)  # the JSON holds the same figures as the table's rows
    log_download(request, "campaign-report", file_format, len(rows), record=campaign)
    if file_format == "json":
        response = JsonResponse(figures, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.json"'
        return response
    headers = [str(header) for header in TABLE_HEADERS]
    return download(headers, rows, campaign.slug, file_format)
