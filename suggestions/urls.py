from django.urls import path, re_path

from . import dashboard

app_name = "suggestions"
urlpatterns = [
    path("suggestions/dashboard/", dashboard.dashboard, name="dashboard"),
    re_path(
        r"^suggestions/dashboard\.(?P<file_format>json|csv|xlsx)$",
        dashboard.dashboard_report,
        name="dashboard-report",
    ),
]
