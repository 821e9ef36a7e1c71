from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
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
