from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("activities/<int:pk>/history/", views.activity_history, name="activity-history"),
    path("problems/<int:pk>/history/", views.problem_history, name="problem-history"),
]
