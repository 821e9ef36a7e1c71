from django.urls import path

from . import duty_views, views

app_name = "archives"
urlpatterns = [
    path("duties/", duty_views.duty_list, name="duty-list"),
    path("duties/new/", duty_views.duty_edit, name="duty-add"),
    path("duties/<int:pk>/edit/", duty_views.duty_edit, name="duty-edit"),
    path("representatives/<int:pk>/", views.representative, name="representative"),
    path(
        "representatives/<int:pk>/print/",
        views.representative_print,
        name="representative-print",
    ),
    path(
        "representatives/<int:pk>/archive.docx",
        views.representative_docx,
        name="representative-docx",
    ),
]
