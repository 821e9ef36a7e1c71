from django.contrib import admin

from activities.admin import ReviewedAdmin

from .models import Duty, Item, PointsTable, Weight


@admin.register(Duty)
class DutyAdmin(ReviewedAdmin):
    list_display = ["title", "kind", "date", "source"]
    list_filter = ["kind"]
    search_fields = ["ref", "title", "source", "representatives__name"]
    autocomplete_fields = ["representatives"]
    date_hierarchy = "date"


class WeightInline(admin.TabularInline):
    """A line per item the table weighs: every item of the archive may be given one."""

    model = Weight
    extra = 0
    max_num = len(Item.choices)


@admin.register(PointsTable)
class PointsTableAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from"]
    inlines = [WeightInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new table offers a line for each item, to be given its points."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (obj is None or obj.pk is None) and request.method != "POST":
            kwargs["initial"] = [{"item": value} for value, _label in Item.choices]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.extra = len(Item.choices) if obj is None else 0
        return inlines
