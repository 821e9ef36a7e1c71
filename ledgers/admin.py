from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from .models import ExportRecord, ImportRecord

# The queue of background tasks is the imports' business: their records (below, and the
# import pages) say what each task did; the queue's own rows, in English, are not shown.
admin.site.unregister(DBTaskResult)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """The import history, read-only: imports are made on the upload page or the command."""

    list_display = ["file_name", "kind", "user", "created_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    """The large exports, read-only: made by the lists' export links. Their files are
    downloaded from the export's page, by whoever asked for them."""

    list_display = ["kind", "file_format", "requested_by", "created_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["requested_by__username"]
    date_hierarchy = "created_at"
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
