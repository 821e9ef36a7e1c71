from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<slug:slug>/report.json", views.campaign_report, name="campaign-report"),
]
