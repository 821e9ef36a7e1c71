from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from activities.figures import TABLE_HEADERS, campaign_figures, figure_rows
from activities.models import Campaign
from ledgers.writing import download


@login_required
def campaign_list(request):
    campaigns = Campaign.objects.all()
    return render(request, "activities/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    figures = campaign_figures(campaign)
    return render(
        request, "activities/campaign_detail.html", {"campaign": campaign, "figures": figures}
    )


@login_required
def campaign_report(request, slug, file_format):
    """The figures as a download: the same as `manage.py campaign_report --format …`."""
    campaign = get_object_or_404(Campaign, slug=slug)
    figures = campaign_figures(campaign)
    if file_format == "json":
        response = JsonResponse(figures, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.json"'
        return response
    headers = [str(header) for header in TABLE_HEADERS]
    return download(headers, figure_rows(figures), campaign.slug, file_format)
