import logging

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lianluo.logs import security_event
from lianluo.punctuation import join_list

from .models import Profile, role_label

# The admin speaks for the office, not for Django ("Django 管理").
admin.site.site_header = settings.OFFICE_NAME
admin.site.site_title = _("Lianluo administration")
admin.site.index_title = _("Administration")


# Django's groups are this app's roles: the catalogue names the model 角色 and the lists
# show each role by its label.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    list_display = ["role", "name"]

    @admin.display(description=_("Role"), ordering="name")
    def role(self, obj):
        return role_label(obj)


class RoleFilter(admin.SimpleListFilter):
    title = _("Role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(group.pk, role_label(group)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(groups=self.value()) if self.value() else queryset


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "roles"]
    list_filter = ["is_staff", "is_superuser", "is_active", RoleFilter]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Roles"))
    def roles(self, obj):
        return join_list(role_label(group) for group in obj.groups.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = role_label
        return field


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
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
