"""The roster: the list of representatives and the search the checklist uses.

The pages that read the work (a representative's record 履职档案, a group's attendance)
are in `activities.views.people`: the roster knows nothing of activities."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lianluo.paging import page_of

from .filters import RepresentativeFilter
from .forms import PersonSearchForm
from .group_search import GroupSearchForm
from .models import Group, Representative


@login_required
@require_safe
def representative_list(request):
    people = Representative.objects.visible_to(request.user)
    filterset = RepresentativeFilter(request.GET, queryset=people, request=request)
    page = page_of(request, filterset.qs.order_by("name", "code"), 50)
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


@login_required
@require_safe
def group_search(request):
    """The groups the user may see whose name holds the words, as JSON for the list
    filters' group picker: name and area, the first FOUND_AT_MOST (group_search.py)."""
    form = GroupSearchForm(request.GET)
    found = form.found(Group.objects.visible_to(request.user))
    return JsonResponse({"results": found}, status=200 if form.is_valid() else 400)
