"""The missing-data view 待补录: what staff still have to record, and first what reviewers
sent back to them to correct."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, Max, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activities import review_kinds
from activities.figures import took_part
from activities.models import Activity, Attendance, Campaign, Problem
from representatives.models import Group

QUIET_GROUP_DAYS = 90
STALE_PROBLEM_DAYS = 30
LIMIT = 100

# What the apps built on the work add to the page (the suggestions due): each registers,
# from its AppConfig.ready(), `section(user, today)` → (template, context) or None.
SECTIONS = []


def add_section(section):
    """Register `section(user, today)`; again is a no-op."""
    if section not in SECTIONS:
        SECTIONS.append(section)


@login_required
@require_safe
def missing(request):
    user, today = request.user, timezone.localdate()
    activities = Activity.objects.visible_to(user).counted()
    no_attendance = (
        activities.filter(~Exists(Attendance.objects.filter(activity=OuterRef("pk"))))
        .filter(date__lte=today)
        .order_by("-date")[:LIMIT]
    )
    quiet_since = today - datetime.timedelta(days=QUIET_GROUP_DAYS)
    quiet_groups = (
        Group.objects.visible_to(user)
        .select_related("area")
        .annotate(
            last_activity=Max("activities__date", filter=Activity.counts_when("activities__"))
        )
        .filter(Q(last_activity__lt=quiet_since) | Q(last_activity__isnull=True))
        .order_by("last_activity", "name")[:LIMIT]
    )
    stale_since = today - datetime.timedelta(days=STALE_PROBLEM_DAYS)
    stale_problems = (
        Problem.objects.visible_to(user)
        .counted()
        .still_open()
        .annotate(last_change=Max("history__changed_on"))
        .filter(Q(last_change__lt=stale_since) | Q(last_change__isnull=True))
        .select_related("activity")
        .order_by("last_change")[:LIMIT]
    )
    running = Campaign.objects.filter(start__lte=today, end__gte=today)
    idle_leaders = [
        (campaign, campaign.leaders.exclude(took_part(activity__campaign=campaign)))
        for campaign in running.prefetch_related("leaders")
    ]
    return render(
        request,
        "activities/missing.html",
        {
            "returned": review_kinds.returned_rows(user),
            "awaiting": review_kinds.awaiting_count(user),
            "drafts": review_kinds.drafts_of(user),
            "no_attendance": no_attendance,
            "quiet_groups": quiet_groups,
            "stale_problems": stale_problems,
            "idle_leaders": idle_leaders,
            "sections": [said for section in SECTIONS if (said := section(user, today))],
            "quiet_days": QUIET_GROUP_DAYS,
            "stale_days": STALE_PROBLEM_DAYS,
        },
    )
