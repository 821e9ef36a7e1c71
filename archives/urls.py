from django.urls import path

from . import batches, duty_views, group_views, views

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
    path("groups/<int:pk>/", group_views.group, name="group"),
    path("groups/<int:pk>/archives.zip", batches.group_zip, name="group-zip"),
    path("areas/<int:pk>/deputies/", group_views.area, name="area"),
    path("areas/<int:pk>/deputies/archives.zip", batches.area_zip, name="area-zip"),
    path("archive-batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("archive-batches/<int:pk>/file/", batches.batch_file, name="batch-file"),
]
