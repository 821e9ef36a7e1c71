from django.urls import path

from . import views

app_name = "ledgers"

urlpatterns = [
    path("imports/", views.import_history, name="import-history"),
    path("imports/new/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import-retry"),
    path("exports/<str:kind>.<str:file_format>", views.export, name="export"),
]
