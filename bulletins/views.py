"""The bulletin 联络动态: drafted from a campaign, edited, published, printed, archived;
and the office's templates its article is drafted from."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from activities.models import Campaign
from lianluo.history import log_download

from .checking import check_bulletin, drifted, figures_for
from .drafting import draft_bulletin, draft_text
from .filters import BulletinFilter
from .forms import ArticleForm, BulletinForm
from .models import Bulletin
from .numbers import chinese_numeral
from .word import bulletin_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def bulletin_list(request):
    """The archive: published issues by year, number and title; drafts for the editors."""
    issues = Bulletin.objects.visible_to(request.user).current().select_related("campaign")
    filterset = BulletinFilter(request.GET, queryset=issues)
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(request, "bulletins/bulletin_list.html", {"filter": filterset, "page": page})


@login_required
@require_safe
def bulletin_detail(request, pk):
    """The issue as printed (A4), with its actions above the page."""
    bulletin = get_object_or_404(
        Bulletin.objects.visible_to(request.user).select_related("revises", "campaign"), pk=pk
    )
    # A draft shows its numbers checked; a published issue, the figures it printed that
    # the records no longer bear out.
    check = None if bulletin.is_published else check_bulletin(bulletin)
    return render(
        request,
        "bulletins/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "check": check,
            "drifts": drifted(bulletin) if bulletin.is_published else [],
            "total_in_words": chinese_numeral(bulletin.total_number),
            "office_name": settings.OFFICE_NAME,
            "paragraphs": [p.strip() for p in bulletin.body.split("\n\n") if p.strip()],
            "distribution": bulletin.distribution.splitlines(),
        },
    )


@login_required
@require_safe
def bulletin_docx_download(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(bulletin_docx(bulletin), content_type=DOCX_TYPE)
    name = f"lianluo-dongtai-{bulletin.year}-{bulletin.number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    log_download(request, "bulletin", "docx", 1, record=bulletin)
    return response


@login_required
@permission_required("bulletins.add_bulletin", raise_exception=True)
@require_POST
def bulletin_draft(request, slug):
    """One click: a draft issue written from the campaign's figures and records."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), slug=slug)
    bulletin = draft_bulletin(campaign)
    messages.success(request, _("A draft is written from the campaign's figures: edit it freely."))
    return redirect("bulletins:bulletin-edit", pk=bulletin.pk)


@login_required
@permission_required("bulletins.change_bulletin", raise_exception=True)
def bulletin_edit(request, pk):
    bulletin = get_object_or_404(
        Bulletin.objects.editable_by(request.user).select_related("revises", "campaign"), pk=pk
    )
    if bulletin.is_published:
        messages.error(request, _("A published issue cannot be changed: make a correction."))
        return redirect(bulletin)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Saved."))
        return redirect(bulletin)
    # The text as it stands in the form, checked; a correction starts from the figures
    # the issue it corrects printed and the records no longer bear out.
    figures = figures_for(bulletin)
    title, body = form["title"].value() or "", form["body"].value() or ""
    check = check_bulletin(bulletin, title, body, figures)
    revised = bulletin.revises
    same = revised and revised.campaign_id == bulletin.campaign_id
    return render(
        request,
        "bulletins/bulletin_form.html",
        {
            "form": form,
            "bulletin": bulletin,
            "check": check,
            "drifts": drifted(revised, figures if same else None) if revised else [],
        },
    )


@login_required
@permission_required("bulletins.change_bulletin", raise_exception=True)
@require_POST
def bulletin_publish(request, pk):
    """Publish a draft. When its number check flags some numbers, the editor is asked to
    confirm them by name first: only a POST carrying that confirmation publishes."""
    bulletin = get_object_or_404(Bulletin.objects.editable_by(request.user), pk=pk)
    if bulletin.is_published:
        return redirect(bulletin)
    check = check_bulletin(bulletin)
    if check.flagged and request.POST.get("confirm") != check.signature:
        return render(
            request,
            "bulletins/bulletin_publish_confirm.html",
            {
                "bulletin": bulletin,
                "check": check,
                "stale": bool(request.POST.get("confirm")),
            },
        )
    bulletin.publish(check)
    messages.success(request, _("The issue is published and locked."))
    return redirect(bulletin)


@login_required
@permission_required("bulletins.add_bulletin", raise_exception=True)
@require_POST
def bulletin_correct(request, pk):
    """A correction of a published issue: a new draft revision; the published one is kept."""
    bulletin = get_object_or_404(
        Bulletin.objects.editable_by(request.user), pk=pk, status=Bulletin.Status.PUBLISHED
    )
    if hasattr(bulletin, "correction"):
        return redirect("bulletins:bulletin-edit", pk=bulletin.correction.pk)
    correction = bulletin.correct()
    return redirect("bulletins:bulletin-edit", pk=correction.pk)


@login_required
@permission_required("bulletins.change_articlesentence", raise_exception=True)
def article_templates(request):
    """The office's templates of the drafted article: edited, previewed on a campaign
    (the draft written from the templates as edited, nothing saved), saved."""
    campaigns = Campaign.objects.visible_to(request.user)
    form = ArticleForm(request.POST or None, campaigns=campaigns)
    templates, campaign = None, None
    if request.method != "POST":
        templates, campaign = form.stored_templates(), form.fields["campaign"].initial
    elif form.is_valid():
        if "save" in request.POST and form.save_unless_stale():
            messages.success(request, _("The article's templates are saved."))
            return redirect("bulletins:article-templates")
        templates, campaign = form.templates(), form.cleaned_data["campaign"]
    preview = None
    if templates is not None and campaign is not None:
        title, body = draft_text(campaign, templates=templates)
        preview = {"campaign": campaign, "title": title, "paragraphs": body.split("\n\n")}
    return render(request, "bulletins/article_form.html", {"form": form, "preview": preview})
