from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("duties/", views.duty_list, name="duty-list"),
    path("duties/new/", views.duty_edit, name="duty-add"),
    path("duties/<int:pk>/edit/", views.duty_edit, name="duty-edit"),
]
