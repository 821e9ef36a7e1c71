"""The 修改记录 page of a record: its history, read-only, for whoever may see the record."""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from activities.models import Activity, Problem

from .labels import ACTIONS, changes_of, path_of


def history_page(request, record, back):
    entries = (
        LogEntry.objects.get_for_object(record)
        .select_related("actor", "content_type")
        .order_by("-pk")
    )
    rows = [
        {
            "entry": entry,
            "path": path_of(entry),
            "action": ACTIONS.get(entry.action, entry.get_action_display()),
            "changes": changes_of(entry),
        }
        for entry in entries
    ]
    return render(
        request, "history/record_history.html", {"record": record, "back": back, "rows": rows}
    )


@login_required
@require_safe
def activity_history(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    return history_page(request, activity, reverse("activities:activity-detail", args=[pk]))


@login_required
@require_safe
def problem_history(request, pk):
    problem = get_object_or_404(Problem.objects.visible_to(request.user), pk=pk)
    return history_page(request, problem, reverse("activities:problem-detail", args=[pk]))
