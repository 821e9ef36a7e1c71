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
    """People by name, card number or pinyin initials, as JSON for the checklist's guest box."""
    form = PersonSearchForm(request.GET)
    found = form.found(request.user)
    answer = {"results": [{"id": rep.pk, "code": rep.code, "name": rep.name} for rep in found]}
    if form.refusal():
        answer["error"] = form.refusal()
    return JsonResponse(answer, status=400 if form.refusal() else 200)
