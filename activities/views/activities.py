"""Activities 活动: the list, the record, and registration with its attendance checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from activities.filters import ActivityFilter
from activities.forms import CHECKLIST_STATUSES, ActivityForm, AttendanceChecklist
from activities.models import Activity, Attendance, count_attendance
from activities.review import saved_message
from activities.versioning import StaleEdit
from lianluo import history
from lianluo.paging import page_of
from lianluo.punctuation import join_list
from representatives.forms import PersonSearchForm
from representatives.models import Group, Representative

PAGE_SIZE = 30


@login_required
@require_safe
def activity_list(request):
    activities = Activity.objects.visible_to(request.user).for_list()
    filterset = ActivityFilter(request.GET, queryset=activities, request=request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    count_attendance(page)
    return render(request, "activities/activity_list.html", {"filter": filterset, "page": page})


@login_required
@require_safe
def activity_detail(request, pk):
    attendance = Attendance.objects.select_related("representative").order_by(
        "status", "representative__name"
    )
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user)
        .with_attendance()
        .select_related("campaign")
        .prefetch_related(
            "groups", "leaders", "topics", "departments", Prefetch("attendance", attendance)
        ),
        pk=pk,
    )
    problems = activity.problems.select_related("department", "topic")
    outputs = activity.outputs.all()
    # A joint activity shows another area's groups, and guests and leaders from elsewhere:
    # their names link only where the viewer may follow.
    people = {a.representative_id for a in activity.attendance.all()}
    people |= {rep.pk for rep in activity.leaders.all()}
    followable = {
        "groups": set(
            Group.objects.visible_to(request.user)
            .filter(activities=activity)
            .values_list("pk", flat=True)
        ),
        "people": set(
            Representative.objects.visible_to(request.user)
            .filter(pk__in=people)
            .values_list("pk", flat=True)
        ),
    }
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity, "problems": problems, "outputs": outputs, "followable": followable},
    )


@login_required
@permission_required("activities.add_activity", raise_exception=True)
def activity_create(request):
    return edit_activity(request, Activity())


@login_required
@permission_required("activities.change_activity", raise_exception=True)
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
    return edit_activity(request, activity)


def edit_activity(request, activity):
    """One page for both: the form, then the checklist of the chosen groups' members.

    "List the members" (or a guest search) re-shows the page with what was typed kept;
    "Save" writes the activity and its attendance in one transaction.
    """
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity, user=request.user)
    checklist = AttendanceChecklist(data, form.members(), activity)
    guest_search = PersonSearchForm({"q": data.get("guest_query", "")} if data else None)
    found = form.reach.find_guests(guest_search)  # the whole province (activities/reach.py)
    saving = data and ("save" in data or "draft" in data)
    if saving and form.is_valid() and checklist.is_valid():
        saved = save_activity(request, form, checklist)
        if saved is not None:
            return redirect(saved)
    if data and not saving:
        hush_empty_fields(form)
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "checklist": checklist,
            "statuses": CHECKLIST_STATUSES,
            "guest_query": guest_search["q"].value() or "",
            "guest_refusal": guest_search.refusal(),
            "found": found,
            "activity": activity,
            "to_list_members": missing_to_list(form, data),
        },
    )


def hush_empty_fields(form):
    """A round trip that does not save (listing the members, finding a guest) leaves
    the fields not filled yet unscolded; a value that is wrong is still said to be."""
    for name, errors in list(form.errors.as_data().items()):
        if all(error.code == "required" for error in errors):
            del form.errors[name]


def missing_to_list(form, data):
    """What to fill in before the members can be listed, in words, or "" (asked to list
    them without a date or a group, the page says so rather than listing nobody)."""
    if not data or not ("refresh" in data or "all_present" in data):
        return ""
    missing = [str(form[name].label) for name in ("date", "groups") if not form[name].data]
    if not missing:
        return ""
    return _("To list the members, fill in: %(fields)s.") % {"fields": join_list(missing)}


def save_activity(request, form, checklist):
    """Write the activity and its attendance; None (with a message) when refused.

    A change of the activity or of its attendance submits it for review (or keeps it as
    the user's draft, "draft"), in the same transaction: until a reviewer approves it, it
    counts in no figure. Saved unchanged, it keeps its state."""
    activity = form.instance
    creating = activity.pk is None
    statuses = checklist.statuses()
    changed = creating or form.has_changed() or attendance_differs(activity, statuses)
    submission = form.cleaned_data.get("submission")
    if creating and submission:
        already = Activity.objects.filter(submission=submission).first()
        if already is not None:  # the same form sent twice: the first one stands
            return already
    try:
        with transaction.atomic():
            if creating:
                activity.submission = submission
            entered = activity.enter(request.user, changed=changed, draft="draft" in form.data)
            form.save()  # refused (StaleEdit) when someone saved the activity meanwhile
            record_attendance(form.instance, statuses)
    except StaleEdit:
        form.refuse_as_stale()
        return None
    except IntegrityError:
        return Activity.objects.filter(submission=submission).first()
    messages.success(request, saved_message(activity, entered))
    return form.instance


def attendance_differs(activity, statuses):
    """Whether recording `statuses` would change the activity's attendance."""
    if activity.pk is None:
        return bool(statuses)
    recorded = activity.attendance.values_list("representative_id", "status", "reason")
    return {rep_id: (status, reason) for rep_id, status, reason in recorded} != statuses


def record_attendance(activity, statuses):
    """Make the activity's attendance exactly `statuses` ({person: (status, reason)}),
    each row added, changed (old → new) or removed kept in the history: a fixed number
    of queries, whatever the number of members."""
    existing = {
        a.representative_id: a for a in activity.attendance.select_related("representative")
    }
    people = Representative.objects.in_bulk(set(statuses) - set(existing))
    to_create, changed = [], {}
    for rep_id, (status, reason) in statuses.items():
        row = existing.get(rep_id)
        if row is None:
            to_create.append(
                Attendance(
                    activity=activity, representative=people[rep_id], status=status, reason=reason
                )
            )
        elif (row.status, row.reason) != (status, reason):
            changed[row] = {
                field: (old, new)
                for field, old, new in [
                    ("status", row.status, status),
                    ("reason", row.reason, reason),
                ]
                if old != new
            }
            row.status, row.reason = status, reason
    gone = [row for rep_id, row in existing.items() if rep_id not in statuses]
    history.delete_bulk(Attendance, gone, part_of="activity_id")
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(list(changed), ["status", "reason"])
    history.log_bulk(Attendance, created=to_create, changed=changed, part_of="activity_id")
