from django.urls import path

from . import views

app_name = "ledgers"

urlpatterns = [
    path("imports/", views.import_history, name="import-history"),
    path("imports/new/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import-retry"),
    path("exports/", views.export_list, name="export-list"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/file/", views.export_file, name="export-file"),
    path("exports/<str:kind>.<str:file_format>", views.export, name="export"),
]
