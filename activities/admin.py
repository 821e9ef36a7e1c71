from django import forms
from django.contrib import admin
from django.db import models

from .models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Output,
    Problem,
    StatusChange,
    Topic,
)
from .versioning import VersionedForm


class VersionedAdminForm(VersionedForm, forms.ModelForm):
    """The admin's change form, carrying the version it opened."""


class VersionedAdmin(admin.ModelAdmin):
    """A change in the admin is refused over a newer save, as on the app's pages.

    The version is a declared form field, not in the fieldsets (a non-editable model field
    cannot be listed there); the template puts it in the form as a hidden input.
    """

    form = VersionedAdminForm
    change_form_template = "admin/versioned_change_form.html"

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "version"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Campaign)
class CampaignAdmin(VersionedAdmin):
    list_display = ["title", "slug", "start", "end"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["leaders"]
    date_hierarchy = "start"


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["representative"]


def save_problem(problem, form, user):
    """A problem saved in the admin goes the app's ways: a new one is raised (its area,
    the first step of its history), a changed status is a status change."""
    if problem.pk is None:
        problem.save_as_raised(by=user)
    elif "status" in form.changed_data:
        new_status = problem.status
        problem.status = form.initial["status"]
        problem.change_status(new_status, by=user, note=problem.note, outcome=problem.outcome)
    else:
        problem.save()


class ProblemInline(admin.StackedInline):
    """A problem raised here is raised as on the app's page; its status changes on its
    own page (the change link), where the history and the status rules are."""

    model = Problem
    extra = 0
    fields = ["ref", "title", "topic", "area", "department", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["topic", "area", "department"]
    show_change_link = True


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "representative", "status", "reason"]
    list_filter = ["status", "activity__campaign"]
    search_fields = ["representative__name", "representative__code", "activity__title"]
    autocomplete_fields = ["activity", "representative"]
    list_select_related = ["activity", "representative"]


@admin.register(Activity)
class ActivityAdmin(VersionedAdmin):
    list_display = ["date", "title", "campaign", "mode", "accompanied"]
    list_filter = ["campaign", "mode", "accompanied", "topics", "groups__area__parent"]
    search_fields = ["ref", "title", "place", "groups__name", "leaders__name"]
    autocomplete_fields = ["campaign", "groups", "leaders", "topics", "departments"]
    list_select_related = ["campaign"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, ProblemInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Problem:
            return super().save_formset(request, form, formset, change)
        problems = formset.save(commit=False)
        forms = {id(problem_form.instance): problem_form for problem_form in formset.forms}
        for problem in problems:
            save_problem(problem, forms[id(problem)], request.user)
        for problem in formset.deleted_objects:
            problem.delete()


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_on", "recorded_at", "author", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The problems' history, read-only: a change is made on the problem itself."""

    list_display = ["problem", "from_status", "to_status", "changed_on", "author"]
    list_filter = ["to_status"]
    search_fields = ["problem__title", "note"]
    list_select_related = ["problem", "author"]
    date_hierarchy = "changed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Problem)
class ProblemAdmin(VersionedAdmin):
    list_display = ["title", "status", "department", "area", "activity"]
    list_filter = ["status", "topic", "department", "activity__campaign"]
    search_fields = ["ref", "title", "detail", "outcome"]
    autocomplete_fields = ["activity", "topic", "area", "department"]
    list_select_related = ["department", "area", "activity"]
    inlines = [StatusChangeInline]

    def save_model(self, request, obj, form, change):
        save_problem(obj, form, request.user)


@admin.register(Output)
class OutputAdmin(VersionedAdmin):
    list_display = ["title", "kind", "date", "campaign", "activity"]
    list_filter = ["kind", "campaign"]
    search_fields = ["ref", "title", "representatives__name"]
    autocomplete_fields = ["campaign", "activity", "representatives"]
    list_select_related = ["campaign", "activity"]


@admin.register(ContactTally)
class ContactTallyAdmin(VersionedAdmin):
    list_display = ["area", "start", "end", "person_times", "problems_solved", "aid_yuan"]
    list_filter = ["campaign", "area"]
    search_fields = ["area__name"]
    autocomplete_fields = ["area", "campaign"]
    list_select_related = ["area"]


@admin.register(MediaReport)
class MediaReportAdmin(VersionedAdmin):
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["outlet", "title", "published_on", "campaign"]
    list_filter = ["outlet", "campaign"]
    search_fields = ["outlet", "title"]
    autocomplete_fields = ["campaign", "activity"]
