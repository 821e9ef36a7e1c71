"""The roster: the list of representatives and the search the checklist uses.

The pages that read the work (a representative's record 履职档案, a group's attendance)
are in `activities.views.people`: the roster knows nothing of activities."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .filters import RepresentativeFilter
from .forms import PersonSearchForm
from .models import Representative


@login_required
@require_safe
def representative_list(request):
    people = Representative.objects.visible_to(request.user)
    filterset = RepresentativeFilter(request.GET, queryset=people, request=request)
    page = Paginator(filterset.qs.order_by("name", "code"), 50).get_page(request.GET.get("page"))
    return render(
        request, "representatives/representative_list.html", {"filter": filterset, "page": page}
    )


@login_required
@require_safe
def search(request):
    """People by name, card number or pinyin initials, as JSON for the checklist's guest box:
    name, card number and group only. Whoever may register activities searches the whole
    province, since any deputy may be a guest (activities/reach.py); others search the
    deputies they may see."""
    form = PersonSearchForm(request.GET)
    registers = request.user.has_perm("activities.add_activity") or request.user.has_perm(
        "activities.change_activity"
    )
    people = None if registers else Representative.objects.visible_to(request.user)
    answer = {"results": form.found(people)}
    if form.refusal():
        answer["error"] = form.refusal()
    return JsonResponse(answer, status=400 if form.refusal() else 200)
