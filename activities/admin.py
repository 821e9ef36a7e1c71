from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

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
from .review import Reviewed
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


class ReviewedAdmin(VersionedAdmin):
    """A record of the work changed in the admin is a person's entry like any other: a
    change (of its fields, or of the inlines in `reviewed_inlines`, its attendance)
    submits it for review by the admin who made it; saved unchanged, it keeps its state.
    The review itself is shown, never typed: it is decided in the review queue."""

    reviewed_inlines = ()  # the models of the inlines that are part of the record

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *Reviewed.REVIEW_FIELDS]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "review"]

    def has_change_permission(self, request, obj=None):
        """A record that follows another (a suggestion's output, following.py) is
        shown, not changed: it changes only through what it follows."""
        if obj is not None and not type(obj).objects.filter(pk=obj.pk).on_their_own().exists():
            return False
        return super().has_change_permission(request, obj)

    def get_list_filter(self, request):
        return ["review", *super().get_list_filter(request)]

    def save_model(self, request, obj, form, change):
        obj.enter(request.user, changed=not change or form.has_changed())
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed():
            return  # submitted with its fields (save_model)
        record = form.instance
        inlines = [formset for formset in formsets if formset.model in self.reviewed_inlines]
        if any(formset.has_changed() for formset in inlines):
            submit_saved(record, request.user)


def submit_saved(record, user):
    """Submit a saved record for review by `user`: a part of it changed on its own."""
    record.submit(user)
    record.save(update_fields=Reviewed.REVIEW_FIELDS)


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
    the first step of its history), a changed status is a status change; either, or any
    other change, submits it for review by `user`."""
    if problem.pk is None:
        problem.submit(user)
        problem.save_as_raised(by=user)
    elif "status" in form.changed_data:
        new_status = problem.status
        problem.status = form.initial["status"]
        problem.submit(user)
        problem.change_status(new_status, by=user, note=problem.note, outcome=problem.outcome)
    else:
        problem.enter(user, changed=form.has_changed())
        problem.save()


class ProblemInlineForm(forms.ModelForm):
    """A problem's rules on the fields this inline does not show (its outcome, its note)
    are the problem's own page's to enforce: a problem that broke one made later (resolved
    before an outcome was required) does not stop its activity from being saved."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            kept = {
                field: messages
                for field, messages in errors.error_dict.items()
                if field in self.fields or field == NON_FIELD_ERRORS
            }
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)


class ProblemInline(admin.StackedInline):
    """A problem raised here is raised as on the app's page; its status changes on its
    own page (the change link), where the history and the status rules are."""

    model = Problem
    form = ProblemInlineForm
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

    # Attendance is part of its activity's record: changed here, the activity is
    # submitted for review, as when it is changed on the activity's page.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            submit_saved(obj.activity, request.user)
        if change and "activity" in form.changed_data:  # moved off another activity
            submit_saved(Activity.objects.get(pk=form.initial["activity"]), request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        submit_saved(obj.activity, request.user)

    @transaction.atomic  # the rows go with their activities sent to review, or none
    def delete_queryset(self, request, queryset):
        activities = list(Activity.objects.filter(attendance__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for activity in activities:
            submit_saved(activity, request.user)


@admin.register(Activity)
class ActivityAdmin(ReviewedAdmin):
    list_display = ["date", "title", "campaign", "mode", "accompanied"]
    list_filter = ["campaign", "mode", "accompanied", "topics", "groups__area__parent"]
    search_fields = ["ref", "title", "place", "groups__name", "leaders__name"]
    autocomplete_fields = ["campaign", "groups", "leaders", "topics", "departments"]
    list_select_related = ["campaign"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, ProblemInline]
    reviewed_inlines = (Attendance,)  # a problem is reviewed on its own (save_problem)

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
class ProblemAdmin(ReviewedAdmin):
    list_display = ["title", "status", "department", "area", "activity"]
    list_filter = ["status", "topic", "department", "activity__campaign"]
    search_fields = ["ref", "title", "detail", "outcome"]
    autocomplete_fields = ["activity", "topic", "area", "department"]
    list_select_related = ["department", "area", "activity"]
    inlines = [StatusChangeInline]

    def save_model(self, request, obj, form, change):
        save_problem(obj, form, request.user)


@admin.register(Output)
class OutputAdmin(ReviewedAdmin):
    list_display = ["title", "kind", "date", "campaign", "activity"]
    list_filter = ["kind", "campaign"]
    search_fields = ["ref", "title", "representatives__name"]
    autocomplete_fields = ["campaign", "activity", "representatives"]
    list_select_related = ["campaign", "activity"]


@admin.register(ContactTally)
class ContactTallyAdmin(ReviewedAdmin):
    list_display = ["area", "start", "end", "person_times", "problems_solved", "aid_yuan"]
    list_filter = ["campaign", "area"]
    search_fields = ["area__name"]
    autocomplete_fields = ["area", "campaign"]
    list_select_related = ["area"]


@admin.register(MediaReport)
class MediaReportAdmin(ReviewedAdmin):
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["outlet", "title", "published_on", "campaign"]
    list_filter = ["outlet", "campaign"]
    search_fields = ["outlet", "title"]
    autocomplete_fields = ["campaign", "activity"]
