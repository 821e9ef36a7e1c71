from django.urls import path, re_path

from . import views

app_name = "activities"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    re_path(
        r"^campaigns/(?P<slug>[-\w]+)/report\.(?P<file_format>json|csv|xlsx)$",
        views.campaign_report,
        name="campaign-report",
    ),
]
