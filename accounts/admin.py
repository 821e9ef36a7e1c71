import logging

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lianluo.logs import security_event

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user", "areas"]


# axes' own admin lists the failed logins; this one adds the release an office needs.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    actions = ["release", *AccessAttemptAdmin.actions]

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)

    @admin.action(
        description=_("Release the lockout of these accounts and addresses"),
        permissions=["delete"],
    )
    def release(self, request, queryset):
        # A lockout counts every failure of the account and of the address, whichever
        # row shows it: releasing one row's clears both.
        released = 0
        for attempt in queryset:
            released += AxesProxyHandler.reset_attempts(
                username=attempt.username, ip_address=attempt.ip_address, ip_or_username=True
            )
            security_event(
                "login_lockout_released",
                request,
                level=logging.INFO,
                username=attempt.username,
                address=attempt.ip_address,
            )
        self.message_user(
            request,
            ngettext(
                "Released: %(count)d failed login record cleared.",
                "Released: %(count)d failed login records cleared.",
                released,
            )
            % {"count": released},
        )
