"""The suggestions dashboard 代表建议办理情况: the contract's figures (figures.py) of a
period, by lead unit and by campaign, on a page and as downloads — of the suggestions its
viewer's list shows (`Suggestion.objects.visible_to`): the province's for leaders and
admins, their areas' for staff of some cities. A department's users 承办单位 have their
inbox, not this page (403: it asks `view_suggestion`)."""

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

import representatives.forms
from activities.dashboards import why_this_year, year_to_date
from activities.models import Department
from activities.review import counting_as_asked
from lianluo.history import log_download
from lianluo.spreadsheets import download
from representatives.widgets import Picker

from .figures import LABELS, TABLE_HEADERS, figure_rows, figures_by_campaign, suggestion_figures
from .models import ReplyClass, Suggestion


class PeriodForm(representatives.forms.PeriodForm):
    """The period (its dates kept in the calendar, as every page's), and the lead unit."""

    department = forms.ModelChoiceField(
        Department.objects.order_by("name"), label=_("lead unit"), required=False, widget=Picker
    )


def chosen(request, within):
    """(form, start, end, department, why): what the address asks, a field in error left
    out. A page asked for no period opens on the latest year with records: the calendar
    year of the latest 交办 of a suggestion that counts among `within` (the viewer's), up
    to today (one query), as the overview does with its activities."""
    form = PeriodForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    today = timezone.localdate()
    start, end, why = data.get("start"), data.get("end"), None
    if start or end:
        start = start or today.replace(month=1, day=1)
        start, end = sorted([start, end or today])
    else:
        latest = (
            within.counted()
            .filter(assigned_on__lte=today)
            .aggregate(latest=Max("assigned_on"))["latest"]
        )
        year = latest.year if latest else None
        start, end = year_to_date(year or today.year, today)
        why = why_this_year(year, today)
    return form, start, end, data.get("department"), why


def within_reach(request):
    """The suggestions the dashboard counts for its viewer: those of the list
    (`visible_to`) — the whole province for leaders and admins, their areas' for staff
    of some cities — so the page, its downloads and the list agree."""
    return Suggestion.objects.visible_to(request.user)


def _rated(figures):
    return sum(v for k, v in figures["ratings"].items() if k != "satisfaction_rate")


@login_required
@permission_required("suggestions.view_suggestion", raise_exception=True)
@require_safe
@counting_as_asked
def dashboard(request):
    within = within_reach(request)
    form, start, end, department, why = chosen(request, within)
    figures = suggestion_figures(start, end, department, within)
    by_campaign = figures_by_campaign(start, end, department, within)
    tables = [
        (_("By lead unit"), _("lead unit"), list(figures["by_department"].items())),
        (_("By campaign"), _("campaign"), list(by_campaign.items())),
    ]
    return render(
        request,
        "suggestions/dashboard.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "period_why": why,
            "figures": figures,
            "rated": _rated(figures),
            "classes": ReplyClass.values,
            # Not in the template: a {% translate %} of a "%" asks for another message.
            "on_time_rate_label": LABELS["on_time_rate"],
            "satisfaction_rate_label": LABELS["ratings.satisfaction_rate"],
            "tables": tables,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@permission_required("suggestions.view_suggestion", raise_exception=True)
@require_safe
@counting_as_asked
def dashboard_report(request, file_format):
    """The dashboard's figures as a file: the contract's JSON with `by_campaign`, or its
    table (the rows of `suggestion_report`, then those of each campaign, named in the
    unit column as 专题活动：name)."""
    within = within_reach(request)
    _form, start, end, department, _why = chosen(request, within)
    figures = suggestion_figures(start, end, department, within)
    by_campaign = figures_by_campaign(start, end, department, within)
    name = f"suggestions-{start:%Y%m%d}-{end:%Y%m%d}"
    rows = figure_rows(figures)
    for campaign, campaign_figures in by_campaign.items():
        unit = _("Campaign: %(name)s") % {"name": campaign or _("no campaign")}
        rows += [
            [str(unit), *row[1:]] for row in figure_rows({**campaign_figures, "by_department": {}})
        ]
    filters = {key: value for key, value in request.GET.items() if key in PeriodForm.base_fields}
    log_download(
        request, "suggestion-report", file_format, len(rows), model=Suggestion, filters=filters
    )
    if file_format == "json":
        response = JsonResponse(
            {**figures, "by_campaign": by_campaign}, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    return download([str(header) for header in TABLE_HEADERS], rows, name, file_format)
