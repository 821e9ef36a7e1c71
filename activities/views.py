from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .figures import campaign_figures
from .models import Campaign


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
def campaign_report(request, slug):
    """The report contract as a download: the same JSON as `manage.py campaign_report`."""
    campaign = get_object_or_404(Campaign, slug=slug)
    response = JsonResponse(campaign_figures(campaign), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.json"'
    return response
