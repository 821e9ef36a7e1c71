from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from lianluo.history import log_download, logged_rows
from lianluo.logs import security_event
from lianluo.spreadsheets import XLSX_TYPE, download

from .exports import Chosen
from .forms import UploadForm
from .models import ExportRecord, ImportRecord
from .registry import FILTERS


@login_required
def import_upload(request):
    if not ImportRecord.kinds_for(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = ImportRecord(
            user=request.user, kind=form.kind_value(), file_name=upload.name, file=upload
        )
        ImportRecord.objects.settle()
        record.queue()  # saved (with its file) before a worker may look for it
        record.send()  # checked by a worker; the page follows its progress
        return redirect(record)
    if request.method == "POST":
        security_event("upload_refused", request, reasons=form.errors.get_json_data())
    return render(request, "ledgers/import_upload.html", {"form": form})


@login_required
@require_safe
@permission_required("ledgers.view_importrecord", raise_exception=True)
def import_history(request):
    records = ImportRecord.objects.visible_to(request.user).select_related("user")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "ledgers/import_history.html", {"page": page})


@login_required
@require_safe
@permission_required("ledgers.view_importrecord", raise_exception=True)
def import_detail(request, pk):
    """The import's progress while it is queued or running (the page refreshes itself),
    then its preview or its report. A run that stopped shows as failed (stored so at the
    next upload, confirmation, retry or task: a page that only shows writes nothing)."""
    record = get_object_or_404(
        ImportRecord.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    editable = (record.confirmable or record.failed) and (
        ImportRecord.objects.editable_by(request.user).filter(pk=record.pk).exists()
    )
    context = {
        "record": record,
        "may_confirm": editable and record.confirmable,
        "may_retry": editable and record.failed,
    }
    return render(request, "ledgers/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request, pk):
    """Import a previewed file for real, in the background; a second click finds it
    queued or imported already."""
    return rerun(request, pk, lambda record: record.confirmable, confirm=True)


@login_required
@require_POST
def import_retry(request, pk):
    """Run a failed check or import again, as a new attempt."""
    return rerun(request, pk, lambda record: record.failed)  # a run that stopped included


def rerun(request, pk, allowed, confirm=False):
    """Queue the record `pk` (one the user may confirm) again when `allowed(record)`."""
    if not ImportRecord.kinds_for(request.user):
        raise PermissionDenied
    with transaction.atomic():
        record = get_object_or_404(
            ImportRecord.objects.editable_by(request.user).select_for_update(), pk=pk
        )
        ImportRecord.objects.filter(pk=record.pk).settle()  # its task failed, or went silent
        record.refresh_from_db()
        queued = allowed(record)
        if queued:
            if confirm:
                record.confirmed_at = timezone.now()
            record.queue()
    if queued:  # once committed: the worker must find it queued
        record.send()
    return redirect(record)


@login_required
@require_safe
def export(request, kind, file_format):
    """The records a list shows, with its filters, as a ledger that re-imports unchanged:
    streamed in the request; or, past LEDGER_EXPORT_INLINE_ROWS records, written by a
    background task, the user sent to the export's page to follow it and download it."""
    if kind not in FILTERS or file_format not in ("csv", "xlsx"):
        raise Http404
    chosen = Chosen(kind, request.user, request.GET, request)
    if chosen.records.count() > settings.LEDGER_EXPORT_INLINE_ROWS:
        record = ExportRecord.objects.create(
            requested_by=request.user,
            kind=kind,
            file_format=file_format,
            query=request.GET.urlencode(),
            filters=chosen.filters,
        )
        record.send()  # on the immediate backend (SQLite's default) written here and now
        return redirect(record)
    headers, rows = chosen.ledger()
    rows = logged_rows(rows, request, kind, file_format, model=chosen.model, filters=chosen.filters)
    filename = f"{kind}-{timezone.localdate():%Y%m%d}"
    return download(headers, rows, filename, file_format)


@login_required
@require_safe
def export_list(request):
    """The user's own background exports, newest first."""
    records = ExportRecord.objects.filter(requested_by=request.user)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {"page": page, "inline_rows": settings.LEDGER_EXPORT_INLINE_ROWS}
    return render(request, "ledgers/export_list.html", context)


@login_required
@require_safe
def export_detail(request, pk):
    """A background export's progress (the page refreshes itself), then its download
    link, or why it failed. Only its requester sees it: the file holds what their scope
    let them see."""
    record = get_object_or_404(ExportRecord, pk=pk, requested_by=request.user)
    context = {"record": record, "keep_days": settings.LEDGER_EXPORT_KEEP_DAYS}
    return render(request, "ledgers/export_detail.html", context)


@login_required
@require_safe
def export_file(request, pk):
    """The written file, to its requester only, each download in the history."""
    record = get_object_or_404(
        ExportRecord, pk=pk, requested_by=request.user, status=ExportRecord.Status.DONE
    )
    if not record.file:  # purged
        raise Http404
    model = FILTERS[record.kind]._meta.model
    log_download(
        request,
        record.kind,
        record.file_format,
        record.rows_written,
        model=model,
        filters=record.filters,
    )
    content_type = XLSX_TYPE if record.file_format == "xlsx" else "text/csv; charset=utf-8"
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.file_name,
        content_type=content_type,
    )
