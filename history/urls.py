from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("activities/<int:pk>/history/", views.activity_history, name="activity-history"),
    path("problems/<int:pk>/history/", views.problem_history, name="problem-history"),
    path(
        "representatives/<int:pk>/history/",
        views.representative_history,
        name="representative-history",
    ),
    path("groups/<int:pk>/history/", views.group_history, name="group-history"),
    path("areas/<int:pk>/history/", views.area_history, name="area-history"),
    path("campaigns/<slug:slug>/history/", views.campaign_history, name="campaign-history"),
    path("bulletins/<int:pk>/history/", views.bulletin_history, name="bulletin-history"),
]
