from django.contrib import admin

from activities.admin import VersionedAdmin

from .models import ArticleSection, ArticleSentence, Bulletin, DistributionList, Outlet


@admin.register(Bulletin)
class BulletinAdmin(VersionedAdmin):
    list_display = ["year", "number", "total_number", "revision", "title", "date", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["campaign"]

    def has_change_permission(self, request, obj=None):
        """A published issue is locked: a correction is made on the bulletin's page."""
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)


@admin.register(DistributionList)
class DistributionListAdmin(VersionedAdmin):
    search_fields = ["name", "recipients"]


@admin.register(ArticleSection)
class ArticleSectionAdmin(admin.ModelAdmin):
    """The article's sections; the page `bulletins:article-templates` edits them with
    their sentences and a preview."""

    list_display = ["__str__", "heading", "position", "enabled"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # the sections are the shipped ones


@admin.register(ArticleSentence)
class ArticleSentenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "key", "text"]
    readonly_fields = ["key"]
    search_fields = ["key", "text"]

    def has_add_permission(self, request):
        return False  # the sentences are the shipped ones


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
