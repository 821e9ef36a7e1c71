"""Outputs 成果, contact tallies 联系群众统计 and media reports 宣传报道: list, add, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from activities import review_kinds
from activities.filters import ContactTallyFilter, MediaReportFilter, OutputFilter
from activities.following import leaders
from activities.forms import ContactTallyForm, MediaReportForm, OutputForm
from activities.models import ContactTally, MediaReport, Output
from activities.review import saved_message
from lianluo.paging import page_of
from lianluo.permissions import permission

KINDS = {
    "outputs": (Output, OutputForm, OutputFilter),
    "tallies": (ContactTally, ContactTallyForm, ContactTallyFilter),
    "media": (MediaReport, MediaReportForm, MediaReportFilter),
}
LIST_JOINS = {
    "outputs": (["campaign", "activity__campaign"], ["representatives"]),
    "tallies": (["area", "campaign"], []),
    "media": (["campaign", "activity"], []),
}


@login_required
@require_safe
def record_list(request, kind):
    model, _form, filter_class = KINDS[kind]
    related, prefetched = LIST_JOINS[kind]
    records = (
        model.objects.visible_to(request.user)
        .select_related(*related, *leaders(model))
        .prefetch_related(*prefetched)
    )
    filterset = (
        filter_class(request.GET, queryset=records, request=request) if filter_class else None
    )
    page = page_of(request, filterset.qs if filterset else records, 30)
    # A record that follows another (a suggestion's output) is changed only through what it
    # follows: its row links there (if the viewer may open it) instead of to its edit page.
    followed = review_kinds.leader_pages(page, request.user) if leaders(model) else {}
    for record in page:
        record.follows = followed.get(record.pk)
    return render(
        request,
        f"activities/{kind}_list.html",
        {
            "filter": filterset,
            "page": page,
            "kind": kind,
            "may_add": may(request.user, "add", model),
        },
    )


def may(user, action, model):
    return user.has_perm(permission(model, action))


@login_required
def record_edit(request, kind, pk=None):
    """Add a record (no pk) or change one the user may see: a change submits it for
    review, or keeps it as the user's draft ("draft"); saved unchanged, it keeps its
    state (`Reviewed.enter`). A record that follows another (a suggestion's output) is
    not found here (404): `editable_by` leaves it out, it is changed through its leader."""
    model, form_class, _filter = KINDS[kind]
    if not may(request.user, "change" if pk else "add", model):
        raise PermissionDenied
    record = get_object_or_404(model.objects.editable_by(request.user), pk=pk) if pk else model()
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = record.pk is None or form.has_changed()
        entered = record.enter(request.user, changed=changed, draft="draft" in request.POST)
        if form.save_unless_stale():
            messages.success(request, saved_message(record, entered))
            return redirect(f"activities:{kind}-list")
    return render(
        request,
        "activities/record_form.html",
        {"form": form, "kind": kind, "record": record, "model_name": model._meta.verbose_name},
    )
