from django.urls import path, re_path

from . import dashboard, views

app_name = "suggestions"

urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("new/", views.suggestion_new, name="new"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    re_path(
        r"^dashboard\.(?P<file_format>json|csv|xlsx)$",
        dashboard.dashboard_report,
        name="dashboard-report",
    ),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/documents/<int:step>/", views.reply_document, name="document"),
    # One route per step (assign, return, reply …), each answering a POST only.
    *[
        path(f"<int:pk>/{step}/", views.take_step, {"step": step}, name=step)
        for step in views.STEPS
    ],
]
