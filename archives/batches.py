"""A group's or an area's archives for a period as one .zip of Word files, one a deputy
(`<name>-<code>.docx`, word.py): up to settings.ARCHIVE_ZIP_INLINE deputies answered in
the request, more written by a background task (tasks.py) into an ArchiveBatch, whose
page waits for it and then gives the file.

The files count approved records only, whatever the page's switch: a file handed out
says what the office has checked."""

import io
import tempfile
import zipfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_safe

from lianluo.history import log_download
from representatives.models import Area, Group, Membership, Representative

from .figures import archives
from .group_views import area_groups, group_activities, period_asked
from .models import ArchiveBatch
from .parts import with_basics
from .periods import Period
from .reach import readable
from .word import archive_docx

ZIP_TYPE = "application/zip"


def deputies_of(user, *, group=None, area=None, start, end):
    """The deputies whose archives a group's or an area's batch holds, in name order (read
    for their archives' basic facts): the members of the group during the period, or of
    the groups of the area (and the areas below it) that `user` sees."""
    groups = [group] if group is not None else area_groups(user, area)
    members = Membership.objects.filter(group__in=groups).overlapping(start, end)
    return list(
        with_basics(
            Representative.objects.filter(pk__in=members.values("representative"))
        ).order_by("name", "code")
    )


def file_name(representative):
    """张伟-Z1.docx: the deputy's name and code, safe as a name in any archive tool."""
    name, code = (get_valid_filename(part) for part in (representative.name, representative.code))
    return f"{name}-{code}.docx"


def write_zip(deputies, period, out, user):
    """Write into the binary file `out` a .zip of the Word archive (word.py) of each of
    `deputies` for `period` as `user` may read them (another area's records counted and
    dated, not named: reach.py, as in one deputy's file): their archives read at once,
    in a fixed number of queries."""
    read = archives(deputies, period.start, period.end)
    may_read = readable(user, read.values())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for representative in deputies:
            archive = read[representative.pk]
            content = archive_docx(representative, archive, period, read=may_read)
            bundle.writestr(file_name(representative), content)


def zip_name(scope, start, end):
    return f"{get_valid_filename(scope.name)}-{start:%Y%m%d}-{end:%Y%m%d}.zip"


def _answer(request, *, group=None, area=None):
    """The .zip of the period the address asks (as the page it is linked from: by
    default the latest year of the scope's activities), or, for a large batch, the page
    of the batch started in the background."""
    scope = group or area
    groups = [group] if group is not None else area_groups(request.user, area)
    _form, period = period_asked(request, group_activities(groups))
    start, end = period.start, period.end
    deputies = deputies_of(request.user, group=group, area=area, start=start, end=end)
    if len(deputies) > settings.ARCHIVE_ZIP_INLINE:
        asked = {"requested_by": request.user, "group": group, "area": area,
                 "start": start, "end": end, "language": translation.get_language()}  # fmt: skip
        waiting = ArchiveBatch.objects.filter(
            status__in=[ArchiveBatch.Status.QUEUED, ArchiveBatch.Status.RUNNING], **asked
        ).first()
        if waiting is not None:  # asked again (a reload, a second click): the same batch
            return redirect(waiting)
        batch = ArchiveBatch.objects.create(label=period.label, **asked)
        send(batch)
        return redirect(batch)
    spool = io.BytesIO()  # at most ARCHIVE_ZIP_INLINE files
    write_zip(deputies, period, spool, request.user)
    spool.seek(0)
    log_download(request, "archives", "zip", len(deputies), record=scope)
    return FileResponse(
        spool, as_attachment=True, filename=zip_name(scope, start, end), content_type=ZIP_TYPE
    )


@login_required
@require_safe
def group_zip(request, pk):
    """The archives of the group's members for the period (start and end in the address)."""
    group = get_object_or_404(Group.objects.visible_to(request.user), pk=pk)
    return _answer(request, group=group)


@login_required
@require_safe
def area_zip(request, pk):
    """The archives of the area's deputies for the period."""
    area = get_object_or_404(Area.objects.visible_to(request.user), pk=pk)
    return _answer(request, area=area)


def send(batch):
    """Enqueue the writing of the saved, queued batch; on the immediate backend it is
    written here and now."""
    from .tasks import write_batch

    write_batch.enqueue(batch.pk)


def run_queued(pk):
    """The background task's work: claim the queued batch and write its file, or fail
    saying why (no partial file)."""
    claimed = ArchiveBatch.objects.filter(pk=pk, status=ArchiveBatch.Status.QUEUED).update(
        status=ArchiveBatch.Status.RUNNING
    )
    if not claimed:
        return None
    batch = ArchiveBatch.objects.select_related("requested_by", "group", "area").get(pk=pk)
    try:
        deputies = deputies_of(
            batch.requested_by, group=batch.group, area=batch.area, start=batch.start, end=batch.end
        )
        period = Period(batch.start, batch.end, batch.label)
        with tempfile.TemporaryFile() as spool, translation.override(batch.language):
            write_zip(deputies, period, spool, batch.requested_by)
            spool.seek(0)
            batch.file.save(zip_name(batch.scope, batch.start, batch.end), File(spool), save=False)
        batch.deputies = len(deputies)
        batch.status, batch.finished_at = ArchiveBatch.Status.DONE, timezone.now()
        batch.save()
    except Exception as error:
        if batch.file:
            batch.file.delete(save=False)
        ArchiveBatch.objects.filter(pk=pk).update(
            status=ArchiveBatch.Status.FAILED,
            failure=f"{type(error).__name__}: {error}",
            file="",
            finished_at=timezone.now(),
        )
        return ArchiveBatch.Status.FAILED
    return batch.status


@login_required
@require_safe
def batch_detail(request, pk):
    """A batch's progress (the page refreshes itself), then its download link, or why it
    failed: to its requester and whoever sees its group or area."""
    batch = get_object_or_404(
        ArchiveBatch.objects.visible_to(request.user).select_related("group", "area"), pk=pk
    )
    return render(request, "archives/batch.html", {"batch": batch})


@login_required
@require_safe
def batch_file(request, pk):
    batch = get_object_or_404(
        ArchiveBatch.objects.visible_to(request.user).select_related("group", "area"),
        pk=pk,
        status=ArchiveBatch.Status.DONE,
    )
    if not batch.file:
        raise Http404
    log_download(request, "archives", "zip", batch.deputies, record=batch.scope)
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=zip_name(batch.scope, batch.start, batch.end),
        content_type=ZIP_TYPE,
    )
