"""The history in the admin: every entry, filtered by user, date, kind of record, what
was done (a download too) and path; read-only for everyone, superusers included."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .labels import ACTIONS, PATHS, download_of, path_of


class PathFilter(admin.SimpleListFilter):
    title = _("path")
    parameter_name = "path"

    def lookups(self, request, model_admin):
        return list(PATHS.items())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(additional_data__path=self.value())


class ActionFilter(admin.SimpleListFilter):
    """What was done, in the history's words (auditlog's own are not in Chinese)."""

    title = pgettext_lazy("history", "action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(str(action), label) for action, label in ACTIONS.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(action=self.value())


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class HistoryAdmin(LogEntryAdmin):
    # date_hierarchy (by date) comes with auditlog's admin; the kind is the record's type.
    list_filter = [
        ActionFilter,
        ResourceTypeFilter,
        PathFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    # What was done in the history's words, and the path, not the request id.
    list_display = ["created", "resource_url", "what", "msg_short", "user_url", "path"]

    @admin.display(description=pgettext_lazy("history", "action"), ordering="action")
    def what(self, entry):
        return ACTIONS.get(entry.action, entry.get_action_display())

    @admin.display(description=_("path"))
    def path(self, entry):
        return path_of(entry)

    @admin.display(description=pgettext_lazy("history", "Details"))
    def msg_short(self, entry):
        return download_of(entry) or super().msg_short(entry)

    @admin.display(description=pgettext_lazy("history", "Details"))
    def msg(self, entry):
        return download_of(entry) or super().msg(entry)

    def has_delete_permission(self, request, obj=None):
        return False  # the history is never edited, nor emptied, from the pages
