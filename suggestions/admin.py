"""The suggestions in the admin, read-only: a suggestion moves only by its domain methods
(models.py), each a step of its timeline; the admin shows the record, its deputies and
its timeline, for an admin to look up, never to rewrite."""

from django.contrib import admin

from .models import Deputy, Step, Suggestion


class ReadOnly:
    """Shown, never added, changed or removed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeputyInline(ReadOnly, admin.TabularInline):
    model = Deputy
    extra = 0
    fields = ["representative", "is_lead"]
    readonly_fields = fields


class StepInline(ReadOnly, admin.TabularInline):
    model = Step
    extra = 0
    fields = ["on", "kind", "from_status", "to_status", "department", "deadline",
              "contact_form", "reply_class", "rating", "text", "document", "author",
              "recorded_at"]  # fmt: skip
    readonly_fields = fields


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "year", "level", "title", "status", "lead_unit", "deadline", "review"]
    list_filter = ["year", "level", "status", "review", "complex", "lead_unit", "campaign"]
    search_fields = ["title", "text", "deputies__name"]
    list_select_related = ["lead_unit"]
    date_hierarchy = "assigned_on"
    inlines = [DeputyInline, StepInline]


@admin.register(Step)
class StepAdmin(ReadOnly, admin.ModelAdmin):
    """Every suggestion's timeline, read-only."""

    list_display = ["suggestion", "on", "kind", "department", "reply_class", "rating", "author"]
    list_filter = ["kind", "reply_class", "rating"]
    search_fields = ["suggestion__title", "text"]
    list_select_related = ["suggestion", "department", "author"]
    date_hierarchy = "on"
