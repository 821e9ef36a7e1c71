from django.urls import path, re_path
from django.urls.converters import SlugConverter

from .views import activities, campaigns, missing, overview, problems, records

app_name = "activities"

urlpatterns = [
    path("overview/", overview.overview, name="overview"),
    path("areas/<int:pk>/", overview.area_detail, name="area-detail"),
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/<slug:slug>/", campaigns.campaign_detail, name="campaign-detail"),
    re_path(  # the slug as `<slug:slug>` takes it, which the Campaign model holds to
        rf"^campaigns/(?P<slug>{SlugConverter.regex})/report\.(?P<file_format>json|csv|xlsx)$",
        campaigns.campaign_report,
        name="campaign-report",
    ),
    path("activities/", activities.activity_list, name="activity-list"),
    path("activities/new/", activities.activity_create, name="activity-create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/problems/", problems.problems_add, name="problems-add"),
    path("problems/", problems.problem_list, name="problem-list"),
    path("problems/open/", problems.open_problems, name="open-problems"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem-detail"),
    path("missing/", missing.missing, name="missing"),
]

for kind in records.KINDS:  # outputs, tallies, media: the same three pages each
    urlpatterns += [
        path(f"{kind}/", records.record_list, {"kind": kind}, name=f"{kind}-list"),
        path(f"{kind}/new/", records.record_edit, {"kind": kind}, name=f"{kind}-add"),
        path(f"{kind}/<int:pk>/edit/", records.record_edit, {"kind": kind}, name=f"{kind}-edit"),
    ]
