"""Problems 问题: added at an activity, followed through their statuses to resolution."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from activities.filters import ProblemFilter
from activities.forms import HighlightForm, ProblemFormSet, ProblemRecordForm, StatusChangeForm
from activities.models import Activity, Problem
from activities.review import counting_as_asked, saved_message
from activities.versioning import StaleEdit
from lianluo.paging import page_of
from lianluo.permissions import permission

OVERDUE_AFTER = datetime.timedelta(days=60)  # an open problem older than this is overdue


@login_required
@permission_required("activities.add_problem", raise_exception=True)
def problems_add(request, pk):
    """Several problems at once, raised at one activity."""
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    formset = ProblemFormSet(
        request.POST or None, queryset=Problem.objects.none(), prefix="problems"
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset:
                if not form.has_changed():
                    continue
                problem = form.save(commit=False)
                problem.activity = activity
                problem.submit(request.user)  # counted once a reviewer approves it
                problem.save_as_raised(by=request.user)
        messages.success(request, _("The problems are saved: they await review."))
        return redirect(activity)
    return render(
        request, "activities/problems_add.html", {"activity": activity, "formset": formset}
    )


@login_required
@require_safe
def problem_list(request):
    problems = Problem.objects.visible_to(request.user).select_related(
        "activity", "department", "area", "topic"
    )
    filterset = ProblemFilter(request.GET, queryset=problems, request=request)
    # Newest first, an activity's problems together: the order the indexes keep (models.py).
    newest_first = filterset.qs.order_by("-activity__date", "-activity_id", "-pk")
    page = page_of(request, newest_first, 30)
    return render(request, "activities/problem_list.html", {"filter": filterset, "page": page})


@login_required
def problem_detail(request, pk):
    may_change = request.user.has_perm(permission(Problem, "change"))
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    # A POST changes the problem (its status, its highlight): only one the user may change.
    lookup = Problem.objects.editable_by if request.method == "POST" else Problem.objects.visible_to
    problem = get_object_or_404(
        lookup(request.user).select_related("activity", "department", "area", "topic"), pk=pk
    )
    form = StatusChangeForm(
        request.POST if "to_status" in request.POST else None,
        problem=problem,
        initial={"changed_on": timezone.localdate()},
    )
    if request.method == "POST":
        if "toggle_highlight" in request.POST:  # mark it for the bulletin's draft, or unmark
            highlight = HighlightForm(request.POST, instance=problem)
            if not (highlight.is_valid() and highlight.save_unless_stale()):
                for error in highlight.non_field_errors():
                    messages.error(request, error)
            return redirect("activities:problem-detail", pk=problem.pk)
        if "correct_record" in request.POST:
            record = ProblemRecordForm(request.POST, instance=problem, prefix="record")
            if record.is_valid():
                entered = problem.enter(request.user, changed=record.has_changed())
                if record.save_unless_stale():
                    messages.success(request, saved_message(problem, entered))
                    return redirect("activities:problem-detail", pk=problem.pk)
            problem.refresh_from_db()  # the page shows the problem as stored, the form
        elif form.is_valid() and change_status_unless_stale(problem, form, request.user):
            messages.success(request, _("The status is changed: it awaits review."))
            return redirect("activities:problem-detail", pk=problem.pk)
    if "correct_record" not in request.POST:
        record = ProblemRecordForm(instance=problem, prefix="record")
    history = problem.history.select_related("author")
    return render(
        request,
        "activities/problem_detail.html",
        {
            "problem": problem,
            "history": history,
            "form": form,
            "highlight": HighlightForm(instance=problem),
            "record": record,
            "may_change": may_change,
        },
    )


def change_status_unless_stale(problem, form, user):
    """Move the problem as the form says, submitting it for review (its review covers its
    status); False (the form tells why) when someone else changed it since the form was
    opened: two people moving one problem never both write."""
    problem.submit(user)
    try:
        problem.change_status(
            form.cleaned_data["to_status"],
            by=user,
            on=form.cleaned_data["changed_on"],
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"] or None,
        )
    except StaleEdit:
        problem.refresh_from_db()  # the page shows the problem as it now is
        form.refuse_as_stale()
        return False
    return True


@login_required
@require_safe
@counting_as_asked
def open_problems(request):
    """Problems not yet closed, by department and by area, oldest first: figures, so of
    the problems that count (the switch ?pending=1 adds those awaiting review)."""
    still_open = (
        Problem.objects.visible_to(request.user)
        .counted()
        .still_open()
        .select_related("activity", "department", "area")
        .order_by("activity__date", "pk")
    )
    overdue_before = timezone.localdate() - OVERDUE_AFTER
    by_department = still_open.counted_by("department__name", overdue_before)
    by_area = still_open.counted_by("area__name", overdue_before)
    return render(
        request,
        "activities/open_problems.html",
        {
            "problems": still_open,
            "overdue_before": overdue_before,
            "by_department": by_department,
            "by_area": by_area,
        },
    )
