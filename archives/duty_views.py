"""Duties 履职记录: their list, and the form that adds or corrects one (entered for
review as the other records of the work are)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from activities.review import saved_message
from lianluo.permissions import permission

from .filters import DutyFilter
from .forms import DutyForm
from .models import Duty


@login_required
@require_safe
@permission_required("archives.view_duty", raise_exception=True)
def duty_list(request):
    duties = Duty.objects.visible_to(request.user).prefetch_related("representatives")
    filterset = DutyFilter(request.GET, queryset=duties, request=request)
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    may_add = request.user.has_perm(permission(Duty, "add"))
    context = {"filter": filterset, "page": page, "may_add": may_add}
    return render(request, "archives/duty_list.html", context)


@login_required
def duty_edit(request, pk=None):
    """Add a duty (no pk) or correct one the user may see: a change submits it for
    review, or keeps it as the user's draft ("draft"); saved unchanged, it keeps its
    state (`Reviewed.enter`)."""
    if not request.user.has_perm(permission(Duty, "change" if pk else "add")):
        raise PermissionDenied
    duty = get_object_or_404(Duty.objects.editable_by(request.user), pk=pk) if pk else Duty()
    form = DutyForm(request.POST or None, instance=duty, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = duty.pk is None or form.has_changed()
        entered = duty.enter(request.user, changed=changed, draft="draft" in request.POST)
        if form.save_unless_stale():
            messages.success(request, saved_message(duty, entered))
            return redirect("archives:duty-list")
    return render(request, "archives/duty_form.html", {"form": form, "duty": duty})
