"""The history in the admin: every entry, filtered by user, date, kind of record and path;
read-only for everyone, superusers included."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .labels import PATHS, path_of


class PathFilter(admin.SimpleListFilter):
    title = _("path")
    parameter_name = "path"

    def lookups(self, request, model_admin):
        return list(PATHS.items())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(additional_data__path=self.value())


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class HistoryAdmin(LogEntryAdmin):
    # date_hierarchy (by date) comes with auditlog's admin; the kind is the record's type.
    list_filter = [
        "action",
        ResourceTypeFilter,
        PathFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    list_display = [*LogEntryAdmin.list_display[:-1], "path"]  # the path, not the request id

    @admin.display(description=_("path"))
    def path(self, entry):
        return path_of(entry)

    def has_delete_permission(self, request, obj=None):
        return False  # the history is never edited, nor emptied, from the pages
