"""The page that reads a person's work: a representative's record 履职档案. It lives with
the work it reads; the roster app only lists and finds people. (A group's page is the
archives app's: its members' archives for a period.)"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from activities.models import Activity, Attendance, Output, Problem
from representatives.models import Mandate, Membership, Representative


@login_required
@require_safe
def representative_detail(request, pk):
    rep = get_object_or_404(
        Representative.objects.visible_to(request.user).prefetch_related(
            Prefetch("mandates", Mandate.objects.select_related("electoral_unit")),
            Prefetch("memberships", Membership.objects.select_related("group__area")),
        ),
        pk=pk,
    )
    visible = Activity.objects.visible_to(request.user)
    attended = (
        Attendance.objects.filter(representative=rep, activity__in=visible)
        .select_related("activity__campaign")
        .order_by("-activity__date")
    )
    led = visible.filter(leaders=rep).select_related("campaign").order_by("-date")
    problems = (
        Problem.objects.raised_where_took_part(rep)
        .filter(activity__in=visible)
        .select_related("activity", "department")
        .order_by("-activity__date")
    )
    outputs = (
        Output.objects.visible_to(request.user)
        .filter(representatives=rep)
        .select_related("campaign", "activity")
        .order_by("-date")
    )
    return render(
        request,
        "activities/representative_detail.html",
        {"rep": rep, "attended": attended, "led": led, "problems": problems, "outputs": outputs},
    )
