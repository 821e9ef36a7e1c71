from django.urls import path

from . import views

app_name = "representatives"

urlpatterns = [
    path("representatives/", views.representative_list, name="representative-list"),
    path("representatives/search/", views.search, name="search"),
    path("representatives/groups/search/", views.group_search, name="group-search"),
]
