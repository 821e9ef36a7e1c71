from django.urls import path

from . import views

app_name = "representatives"

urlpatterns = [
    path("representatives/", views.representative_list, name="representative-list"),
    path("representatives/search/", views.search, name="search"),
    path("representatives/<int:pk>/", views.representative_detail, name="representative-detail"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
]
