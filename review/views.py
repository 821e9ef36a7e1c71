"""The review queue 待审核: a reviewer approves or returns the records waiting in their
areas, one at a time or ticked in batches (see queue.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from activities.review_kinds import KINDS, may_review

from . import queue as review_queue
from .filters import ReviewQueueFilter

PER_PAGE = 30
APPROVE, RETURN = "approve", "return"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_queue_page(request):
    if not may_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return decide(request)
    filterset = ReviewQueueFilter(
        request.GET or None, request=request, authors=authors(request.user)
    )
    backlog = review_queue.waiting(request.user, filterset.narrow)
    page = review_queue.Pages(backlog, PER_PAGE).get_page(request.GET.get("page"))
    review_queue.fill(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {
            "filter": filterset,
            "page": page,
            "total": page.paginator.count,  # up to its cap (page.paginator.capped)
            "query": query.urlencode(),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_safe
def upload_page(request, pk):
    """An upload's records waiting for the reviewer, each with its changes, to read before
    approving or returning the upload whole (the decision posts to the queue)."""
    if not may_review(request.user):
        raise PermissionDenied
    whole, rows = review_queue.upload_rows(request.user, pk)
    if whole is None:
        raise Http404
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    review_queue.fill(page.object_list)
    return render(
        request,
        "review/upload.html",
        {"whole": whole, "page": page, "query": "", "here": reverse("review:queue")},
    )


def authors(user):
    """The filter's authors: whoever has an entry waiting for `user` (one query). Asked
    of each person (whether one of their entries waits: the first found answers), not
    of each waiting entry (whose author it is): an office has fewer people than a
    backlog can have entries."""
    waiting = Q()
    for kind in KINDS.values():
        records = kind.records.reviewable_by(user).awaiting_review().order_by()
        waiting |= Exists(records.filter(submitted_by=OuterRef("pk")))
    # Never the reviewer: their own entries wait for someone else.
    people = get_user_model().objects.exclude(pk=user.pk).filter(waiting).order_by("username")
    return [(person.pk, person.get_full_name() or person.username) for person in people]


def decide(request):
    """Approve or return the ticked rows (or the one whose button was pressed), all or
    none, and go back to the queue as it was filtered."""
    query = request.GET.urlencode()
    back = redirect(f"{reverse('review:queue')}?{query}" if query else "review:queue")
    post = request.POST
    if APPROVE + "_one" in post or RETURN + "_one" in post:
        action = APPROVE if APPROVE + "_one" in post else RETURN
        picks = [post[action + "_one"]]
    else:
        action, picks = post.get("decision"), post.getlist("pick")
    reason = post.get("reason", "").replace("\x00", "").strip()  # the database takes no NUL
    if action not in (APPROVE, RETURN):
        messages.error(request, _("Choose whether to approve or to return."))
        return back
    if not picks:
        messages.error(request, _("Tick the records to decide first: nothing was decided."))
        return back
    if action == RETURN and not reason:
        messages.error(
            request, _("Say why the records are returned: nothing was returned without a reason.")
        )
        return back
    try:
        n = review_queue.decide_picked(
            picks, request.user, approve=action == APPROVE, reason=reason
        )
    except review_queue.OutOfReach:
        raise Http404 from None
    except review_queue.Stale as stale:
        messages.error(
            request,
            ngettext(
                "%(n)d of the ticked rows changed or was decided since you opened the page, "
                "so nothing was decided. Look at it again and decide once more.",
                "%(n)d of the ticked rows changed or were decided since you opened the page, "
                "so nothing was decided. Look at them again and decide once more.",
                len(stale.rows),
            )
            % {"n": len(stale.rows)},
        )
        return back
    if action == APPROVE:
        said = ngettext("Approved %(n)d record.", "Approved %(n)d records.", n)
    else:
        said = ngettext(
            "Returned %(n)d record to its author.", "Returned %(n)d records to their authors.", n
        )
    messages.success(request, said % {"n": n})
    return back
