"""The 修改记录 page of a record: its history, read-only, for whoever may see the record.

A record's page shows its own changes and those of the records that are parts of it and
have no page of their own: an activity's attendance, a problem's status changes, a
person's mandates and group memberships, a group's memberships.
"""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from activities.models import Activity, Campaign, Problem
from bulletins.models import Bulletin
from lianluo.history import PART_OF
from representatives.models import Area, Group, Representative

from .labels import ACTIONS, changes_of, path_of


def entries_of(record, parts):
    """The history entries of `record` and of the records in the `parts` querysets."""
    kinds = ContentType.objects.get_for_models(type(record), *(part.model for part in parts))
    which = Q(content_type=kinds[type(record)], object_pk=str(record.pk))
    for part in parts:
        keys = [str(pk) for pk in part.values_list("pk", flat=True)]
        which |= Q(content_type=kinds[part.model], object_pk__in=keys)
        # and the parts removed since, whose entries say what they were part of
        which |= Q(content_type=kinds[part.model], **{f"additional_data__{PART_OF}": record.pk})
    return LogEntry.objects.filter(which).select_related("actor", "content_type").order_by("-pk")


def history_page(request, record, back, parts=()):
    """The page of `record`'s history (and its `parts`'), linking `back` to its page."""
    own = ContentType.objects.get_for_model(record)
    rows = [
        {
            "entry": entry,
            "part": entry.object_repr if entry.content_type_id != own.pk else "",
            "path": path_of(entry),
            "action": ACTIONS.get(entry.action, entry.get_action_display()),
            "changes": changes_of(entry),
        }
        for entry in entries_of(record, parts)
    ]
    return render(
        request, "history/record_history.html", {"record": record, "back": back, "rows": rows}
    )


@login_required
@require_safe
def activity_history(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    back = reverse("activities:activity-detail", args=[pk])
    return history_page(request, activity, back, [activity.attendance.all()])


@login_required
@require_safe
def problem_history(request, pk):
    problem = get_object_or_404(Problem.objects.visible_to(request.user), pk=pk)
    back = reverse("activities:problem-detail", args=[pk])
    return history_page(request, problem, back, [problem.history.all()])


@login_required
@require_safe
def representative_history(request, pk):
    rep = get_object_or_404(Representative.objects.visible_to(request.user), pk=pk)
    back = reverse("archives:representative", args=[pk])
    parts = [rep.mandates.all(), rep.memberships.all(), rep.posts.all()]
    return history_page(request, rep, back, parts)


@login_required
@require_safe
def group_history(request, pk):
    group = get_object_or_404(Group.objects.visible_to(request.user), pk=pk)
    back = reverse("archives:group", args=[pk])
    return history_page(request, group, back, [group.memberships.all()])


@login_required
@require_safe
def area_history(request, pk):
    area = get_object_or_404(Area.objects.visible_to(request.user), pk=pk)
    return history_page(request, area, reverse("activities:area-detail", args=[pk]))


@login_required
@require_safe
def campaign_history(request, slug):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), slug=slug)
    return history_page(request, campaign, campaign.get_absolute_url())


@login_required
@require_safe
def bulletin_history(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user), pk=pk)
    return history_page(request, bulletin, bulletin.get_absolute_url())
