from django.contrib import admin

from activities.admin import VersionedAdmin

from .models import Bulletin, DistributionList


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
