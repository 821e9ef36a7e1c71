"""The suggestion pages: the list, a suggestion with its timeline and the steps its viewer
may take, a unit's inbox, the reply documents.

Every page finds suggestions through one lookup, `Suggestion.objects.visible_to` (a
department user 承办单位: their department's; the office: their areas'), so a suggestion
out of reach is not found (404) by any address. The office's steps ask the role's
`change_suggestion` (403 otherwise) and `editable_by`; a unit's steps ask to be a unit's
user (403) and `handled_by_unit_of`. Every POST goes through the domain method, which
refuses with {field: message} and writes nothing: the form shows the refusal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from activities.models import Problem
from activities.review import saved_message

from . import forms
from .deadlines import return_window, working_days_after
from .filters import SuggestionFilter
from .models import AWAITING_REPLY, Status, Step, Suggestion, is_unit_user, unit_of


def listed(queryset):
    return queryset.select_related("lead_unit").prefetch_related("deputy_rows__representative")


@login_required
@require_safe
def suggestion_list(request):
    if not (is_unit_user(request.user) or request.user.has_perm("suggestions.view_suggestion")):
        raise PermissionDenied
    suggestions = listed(Suggestion.objects.visible_to(request.user))
    filterset = SuggestionFilter(request.GET, queryset=suggestions, request=request)
    page = Paginator(filterset.qs.order_by("-year", "level", "number"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "suggestions/list.html",
        {"filter": filterset, "page": page, "today": timezone.localdate()},
    )


@login_required
@require_safe
def inbox(request):
    """A unit's suggestions: those awaiting its reply first, the nearest deadline first."""
    if not is_unit_user(request.user):
        raise PermissionDenied
    mine = listed(Suggestion.objects.visible_to(request.user))
    waiting = mine.filter(status__in=AWAITING_REPLY).order_by("deadline", "number")
    others = mine.exclude(status__in=AWAITING_REPLY).order_by("-year", "number")
    return render(
        request,
        "suggestions/inbox.html",
        {
            "unit": unit_of(request.user),
            "waiting": waiting,
            "others": others,
            "today": timezone.localdate(),
        },
    )


def next_number(year, level):
    last = Suggestion.objects.filter(year=year, level=level).aggregate(last=Max("number"))
    return (last["last"] or 0) + 1


@login_required
@permission_required("suggestions.add_suggestion", raise_exception=True)
def suggestion_new(request):
    """A new suggestion, typed, or made of a problem (?problem=…: its title, text, topic,
    activity and campaign, keeping the link)."""
    problem = None
    if request.GET.get("problem") or request.POST.get("problem"):
        key = request.GET.get("problem") or request.POST.get("problem")
        if not str(key).isdigit():
            raise Http404
        problem = get_object_or_404(Problem.objects.visible_to(request.user), pk=key)
    today = timezone.localdate()
    if problem is not None:
        suggestion = Suggestion.from_problem(problem, year=today.year, submitted_on=today)
    else:
        suggestion = Suggestion(year=today.year, submitted_on=today)
    initial = {"number": next_number(suggestion.year, suggestion.level)}
    form = forms.SuggestionForm(
        request.POST or None, instance=suggestion, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        suggestion = form.save(commit=False)
        suggestion.submit(request.user)
        try:
            suggestion.save_with_deputies(
                form.cleaned_data["lead"], form.cleaned_data["seconders"], by=request.user
            )
        except ValidationError as error:
            suggestion.pk = None
            form.refuse(error)
        else:
            messages.success(request, _("The suggestion is saved: it awaits review."))
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/new.html", {"form": form, "problem": problem})


@login_required
@permission_required("suggestions.change_suggestion", raise_exception=True)
def suggestion_edit(request, pk):
    """Corrects what a suggestion says and who put it (a returned one, before it is sent
    again): a change submits it for review, as any change of a reviewed record does; its
    handling moves only by its steps."""
    suggestion = get_object_or_404(Suggestion.objects.editable_by(request.user), pk=pk)
    rows = suggestion.deputy_rows.select_related("representative")
    deputies = {
        "lead": next((row.representative for row in rows if row.is_lead), None),
        "seconders": [row.representative for row in rows if not row.is_lead],
    }
    form = forms.SuggestionForm(
        request.POST or None, instance=suggestion, initial=deputies, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        suggestion = form.save(commit=False)
        suggestion.enter(request.user, changed=form.has_changed())
        try:
            suggestion.save_with_deputies(
                form.cleaned_data["lead"], form.cleaned_data["seconders"], by=request.user
            )
        except ValidationError as error:
            form.refuse(error)
        else:
            messages.success(request, saved_message(suggestion, True))
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/new.html", {"form": form, "suggestion": suggestion})


# The steps: name → (who takes it, its form, the domain call).
OFFICE, UNIT = "office", "unit"


def take_assign(s, data, user, unit):
    return s.assign(data["lead_unit"], data["co_units"], on=data["on"], by=user)


def take_reassign(s, data, user, unit):
    return s.reassign(
        data["lead_unit"], data["co_units"], on=data["on"], by=user, note=data["note"]
    )


def take_deadline(s, data, user, unit):
    return s.change_deadline(data["deadline"], data["reason"], on=data["on"], by=user)


def take_close(s, data, user, unit):
    return s.close(data["reason"], on=data["on"], by=user)


def take_rate(s, data, user, unit):
    return s.rate(data["rating"], data["comment"], on=data["on"], by=user)


def take_return(s, data, user, unit):
    return s.return_(unit, data["reason"], on=data["on"], by=user)


def take_contact(s, data, user, unit):
    return s.record_contact(
        data["form"], on=data["on"], by=user, department=unit, note=data["note"]
    )


def take_opinion(s, data, user, unit):
    return s.send_opinion(unit, data["text"], on=data["on"], by=user)


def take_reply(s, data, user, unit):
    if s.lead_unit_id != unit.pk:
        raise ValidationError({"reply_class": _("Only the lead unit replies.")})
    return s.reply(
        data["reply_class"], data["text"], on=data["on"], by=user, document=data["document"]
    )


STEPS = {
    "assign": (OFFICE, forms.AssignForm, take_assign, [Status.RECEIVED]),
    "reassign": (OFFICE, forms.ReassignForm, take_reassign, [Status.RETURNED]),
    "deadline": (
        OFFICE,
        forms.DeadlineForm,
        take_deadline,
        [Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING],
    ),
    "rate": (OFFICE, forms.RateForm, take_rate, [Status.ANSWERED]),
    "close": (OFFICE, forms.ReasonForm, take_close, [s for s in Status if s != Status.CLOSED]),
    "return": (UNIT, forms.ReasonForm, take_return, [Status.ASSIGNED]),
    "contact": (
        UNIT,
        forms.ContactStepForm,
        take_contact,
        [Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING],
    ),
    "opinion": (UNIT, forms.OpinionForm, take_opinion, AWAITING_REPLY),
    "reply": (UNIT, forms.ReplyForm, take_reply, AWAITING_REPLY),
}


def offered(suggestion, user, unit):
    """The steps `user` may take on `suggestion` as it stands: name → who."""
    if unit is not None:
        names = ["contact"]
        if suggestion.assigned_on and (
            working_days_after(suggestion.assigned_on, timezone.localdate()) <= return_window()
        ):
            names.insert(0, "return")  # within the window only (the domain holds it too)
        if suggestion.lead_unit_id == unit.pk:
            names.append("reply")
        elif suggestion.status in AWAITING_REPLY:
            names.append("opinion")
        return [n for n in names if suggestion.status in STEPS[n][3]]
    if user.has_perm("suggestions.change_suggestion"):
        return [
            n
            for n, (who, *_, states) in STEPS.items()
            if who == OFFICE and suggestion.status in states
        ]
    return []


def detail_page(request, suggestion, bound=None):
    unit = unit_of(request.user)
    forms_shown = {}
    for name in offered(suggestion, request.user, unit):
        if bound and bound[0] == name:
            forms_shown[name] = bound[1]
        else:
            forms_shown[name] = STEPS[name][1](suggestion=suggestion, prefix=name)
    return render(
        request,
        "suggestions/detail.html",
        {
            "suggestion": suggestion,
            "deputies": suggestion.deputy_rows.select_related("representative"),
            "timeline": suggestion.timeline(),
            "step_forms": forms_shown,
            "unit": unit,
            "today": timezone.localdate(),
            "may_edit": Suggestion.objects.editable_by(request.user)
            .filter(pk=suggestion.pk)
            .exists(),
        },
        status=200,
    )


@login_required
@require_safe
def suggestion_detail(request, pk):
    suggestion = get_object_or_404(
        Suggestion.objects.visible_to(request.user).select_related(
            "lead_unit", "topic", "campaign", "activity", "problem"
        ),
        pk=pk,
    )
    return detail_page(request, suggestion)


@login_required
@require_POST
def take_step(request, pk, step):
    who, form_class, take, _states = STEPS[step]
    if who == OFFICE:
        if not request.user.has_perm("suggestions.change_suggestion"):
            raise PermissionDenied
        lookup = Suggestion.objects.editable_by(request.user)
    else:
        if not is_unit_user(request.user):
            raise PermissionDenied
        lookup = Suggestion.objects.handled_by_unit_of(request.user)
    suggestion = get_object_or_404(lookup.select_related("lead_unit"), pk=pk)
    unit = unit_of(request.user)
    form = form_class(request.POST, request.FILES, suggestion=suggestion, prefix=step)
    if form.is_valid():
        data = {**form.cleaned_data, "on": form.cleaned_data["on"] or timezone.localdate()}
        try:
            with transaction.atomic():
                take(suggestion, data, request.user, unit)
        except ValidationError as error:
            suggestion.refresh_from_db()
            form.refuse(error)
        else:
            messages.success(request, _("Recorded."))
            if (
                unit is not None
                and not Suggestion.objects.visible_to(request.user)
                .filter(pk=suggestion.pk)
                .exists()
            ):
                return redirect("suggestions:inbox")  # returned: it has left the unit
            return redirect("suggestions:detail", pk=suggestion.pk)
    return detail_page(request, suggestion, bound=(step, form))


@login_required
@require_safe
def reply_document(request, pk, step):
    """A reply's document, to whoever sees the suggestion."""
    suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user), pk=pk)
    reply = get_object_or_404(
        Step.objects.filter(suggestion=suggestion, kind=Step.Kind.REPLY).exclude(document=""),
        pk=step,
    )
    return FileResponse(
        reply.document.open("rb"),
        as_attachment=True,
        filename=reply.document.name.rsplit("/", 1)[-1],
    )
