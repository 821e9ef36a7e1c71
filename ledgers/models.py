"""The record of every import: who sent which file, what it did or would have done."""

import logging
import tempfile
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from activities.review_kinds import KINDS
from lianluo import history
from lianluo.logs import security_event
from representatives.models import AccessQuerySet, Area

from .importing import Report, RowError
from .progress import FIGURES, RecordProgress
from .reading import FileError, read_sheet
from .registry import IMPORTERS

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    AREAS = "areas", _("Areas")
    ROSTER = "roster", _("Roster")
    POSTS = "posts", _("Posts held")
    CAMPAIGNS = "campaigns", _("Campaigns")
    ACTIVITIES = "activities", _("Activities")
    PROBLEMS = "problems", _("Problems")
    OUTPUTS = "outputs", _("Outputs")
    CONTACTS = "contacts", _("Contact tallies")
    MEDIA = "media", _("Media reports")
    SUGGESTIONS = "suggestions", _("Suggestions")
    DUTIES = "duties", _("Duties")


# Admins import areas, rosters (posts held included) and campaigns; liaison staff the
# ledgers of their work.
ROSTER_KINDS = {Kind.AREAS, Kind.ROSTER, Kind.POSTS, Kind.CAMPAIGNS}


class ImportRecordQuerySet(AccessQuerySet):
    def visible_to(self, user):
        """Everyone's imports for an unscoped user; a user scoped to areas sees their own,
        and an upload whose records wait for their review (the batch they decide) while
        it waits."""
        if not user.is_authenticated:
            return self.none()
        if Area.objects.sees_whole_province(user):
            return self
        in_reach = Q(user=user)
        for kind in KINDS.values():
            waiting = kind.records.reviewable_by(user).awaiting_review()
            in_reach |= Q(Exists(waiting.filter(review_batch=OuterRef("pk"))))
        return self.filter(in_reach)

    def editable_by(self, user):
        """The imports `user` may confirm: their own, of a kind their role may import.

        An import is changed only by its confirmation, and the right to it is the
        role's right to import that kind of file, not the admin's right to edit records."""
        kinds = ImportRecord.kinds_for(user) if user.is_authenticated else []
        return self.visible_to(user).filter(user=user, kind__in=kinds)

    def unkept(self, before):
        """Imports sent before `before` that saved nothing and still have their file: the
        refused, the failed and the previews never confirmed. An applied import keeps its
        file: the history points at what was imported; so does one queued or running (an
        old preview confirmed today), until it ends (`settle()` fails the silent ones)."""
        waiting = [ImportRecord.Status.QUEUED, *ImportRecord.RUNNING]
        return (
            self.filter(created_at__lt=before)
            .exclude(status__in=[ImportRecord.Status.APPLIED, *waiting])
            .exclude(file="")
        )

    def settle(self):
        """Store as failed the checks and imports that stopped giving signs of life (their
        worker was killed), and those whose task the queue reports failed without the
        record saying so (a worker that could not run it): made before each upload,
        confirmation, retry and task. Pages show a silent run as failed already
        (`stopped`), writing nothing."""
        before = timezone.now() - timedelta(minutes=settings.LEDGER_TASK_STALE_MINUTES)
        silent = Q(heartbeat__lt=before) | Q(heartbeat__isnull=True, created_at__lt=before)
        self.filter(silent, status__in=ImportRecord.RUNNING).update(
            status=ImportRecord.Status.FAILED, failure=""
        )
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            return
        waiting = ImportRecord.Status.QUEUED, *ImportRecord.RUNNING
        tasks = {
            task_id: pk
            for task_id, pk in self.filter(status__in=waiting).values_list("task_id", "pk")
            if is_uuid(task_id)  # the database backend's (the immediate one's are not)
        }
        if not tasks:
            return
        for task_id, exception in (
            DBTaskResult.objects.failed()
            .filter(id__in=list(tasks))
            .values_list("id", "exception_class_path")
        ):
            self.filter(pk=tasks[str(task_id)], status__in=waiting).update(
                status=ImportRecord.Status.FAILED, failure=f"{exception} (the worker's task)"
            )


class ImportRecord(models.Model):
    class Status(models.TextChoices):
        # A file is checked, then (once confirmed) imported, each by a background task:
        # queued, then running (checking or importing), then done (previewed, imported,
        # refused) or failed. A run writes its progress as it goes; one that stops doing
        # so (its worker killed) is failed by `settle()`, and nothing of it is saved.
        QUEUED = "queued", _("Queued")
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Previewed, not saved")
        IMPORTING = "importing", _("Importing")
        APPLIED = "applied", _("Imported")
        REFUSED = "refused", _("Refused: bad rows")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.CHECKING, Status.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,  # imports from the command line
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    # Blank once `purge_uploads` has deleted the file of an import that saved nothing.
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    summary = models.JSONField(_("summary"), default=dict)
    failure = models.TextField(_("why it failed"), blank=True)
    # Set when the user confirms the preview: the next run imports for real.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Each run (the check, the import, a retry) is a new attempt; a run that finds the
    # record on another attempt (retried meanwhile, or failed as stopped) writes nothing.
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        permissions = [
            ("import_rosters", _("Can import rosters and campaigns")),
            ("import_ledgers", _("Can import activities, problems, outputs and tallies")),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("ledgers:import-detail", args=[self.pk])

    def queue(self):
        """Make the record wait for its next run (the check, or the import once confirmed),
        as a new attempt; save it. `send()` then hands the run to a worker."""
        self.attempt += 1
        self.status, self.failure, self.heartbeat = self.Status.QUEUED, "", None
        self.rows_read, self.rows_total, self.rows_checked, self.rows_written = 0, None, 0, 0
        self.save()

    def send(self):
        """Enqueue the run of the attempt `queue()` saved, outside any transaction (the
        worker must find the record queued). On the immediate backend (SQLite's default)
        it runs here and now."""
        from .tasks import run_import  # the task names this module's model

        result = run_import.enqueue(self.pk, self.attempt)
        mine = ImportRecord.objects.filter(pk=self.pk, attempt=self.attempt)
        mine.update(task_id=result.id)
        if result.status == TaskResultStatus.FAILED:  # run here, it raised before its record
            waiting = self.Status.QUEUED, *self.RUNNING  # could say so
            failure = f"{result.errors[0].exception_class_path} (the worker's task)"
            mine.filter(status__in=waiting).update(status=self.Status.FAILED, failure=failure)

    @classmethod
    def run_queued(cls, pk, attempt):
        """The background task's work: claim the record's queued `attempt` and run it,
        writing its progress. Nothing happens when the attempt is no longer queued."""
        cls.objects.settle()  # the runs a killed worker left are failed
        record = cls.objects.filter(pk=pk).first()
        running = cls.Status.IMPORTING if record and record.confirmed_at else cls.Status.CHECKING
        claimed = cls.objects.filter(pk=pk, attempt=attempt, status=cls.Status.QUEUED).update(
            status=running, heartbeat=timezone.now()
        )
        if not claimed:
            return None
        record.refresh_from_db()
        progress = RecordProgress(record)
        try:
            report = record.run(dry_run=running == cls.Status.CHECKING, progress=progress)
        finally:
            progress.close()
        refusals = [error.message for error in report.errors if error.row is None]
        if refusals:  # the file as a whole: too large unpacked, unreadable, a failure
            user = record.user.get_username() if record.user else None
            security_event(
                "upload_refused", file=record.file_name, reasons=refusals, user=user, import_id=pk
            )
        return record.status

    def run(self, *, dry_run, progress=None):
        """Run the file through its importer and keep the report; return the report.

        No exception leaves: an unexpected one is logged and leaves the record failed with
        the reason (the importer's transaction has rolled back), and the report says so.
        A run of a saved record (the background task's) keeps its outcome only while the
        record is still on its attempt; the import's writes and its "imported" commit
        together or not at all.
        """
        guarded = self.pk is not None and self.status in self.RUNNING
        try:
            importer, sheet = self.read_file(progress)  # before the transaction: see progress
            with transaction.atomic():
                if sheet is not None:
                    importer.run(sheet, dry_run=dry_run)
                report = importer.report
                self.summary = report.as_dict()
                if not report.ok:
                    self.status = self.Status.REFUSED
                elif dry_run:
                    self.status = self.Status.PREVIEWED
                else:
                    self.status, self.applied_at = self.Status.APPLIED, timezone.now()
                if progress is not None:
                    for name in FIGURES:
                        setattr(self, name, progress.figures[name])
                if guarded and not self.still_mine():  # failed as stopped, or retried
                    transaction.set_rollback(True)
                    self.refresh_from_db()
                    return report
                self.heartbeat = timezone.now()
                self.save()
        except Exception as error:
            logger.exception("Import %s of %s (%s) failed", self.pk, self.file_name, self.kind)
            self.fail(f"{type(error).__name__}: {error}", guarded=guarded)
            report = Report(kind=self.kind)
            report.errors.append(RowError(None, "", self.failure_reason()))
            return report
        except BaseException:  # the worker told to stop at once (a second Ctrl-C, SIGTERM)
            if guarded:
                self.fail("", guarded=guarded)  # "its worker stopped"; nothing was saved
            raise
        if report.ok and not dry_run:
            self.log_outcome(report)
        return report

    def fail(self, failure, *, guarded):
        """Leave the record failed with `failure` ('' for a run that was stopped); a run
        of a saved record fails only its own attempt."""
        self.status, self.failure = self.Status.FAILED, failure
        if guarded:
            mine = Q(pk=self.pk, attempt=self.attempt, status__in=self.RUNNING)
            ImportRecord.objects.filter(mine).update(status=self.status, failure=failure)
        else:
            self.save()

    def still_mine(self):
        """Lock the record (to the end of the transaction) if it is still on this run's
        attempt and running; whether it is."""
        mine = Q(pk=self.pk, attempt=self.attempt, status__in=self.RUNNING)
        return ImportRecord.objects.select_for_update().filter(mine).exists()

    def log_outcome(self, report):
        """One history entry for the import: how many records of each kind it created and
        updated (its bulk writes of records without a field-by-field entry included)."""
        counts = {
            f"{outcome}: {what}": (None, n)
            for outcome in ("created", "updated")
            for what, n in getattr(report, outcome).items()
        }
        with history.recording(history.IMPORT, actor=self.user, import_id=self.pk):
            history.log_bulk(ImportRecord, changed={self: counts or {"rows": (None, 0)}})

    def read_file(self, progress=None):
        """(The importer of the file's kind, the file's rows); the rows are None when the
        file as a whole is refused, the importer's report saying why."""
        importer = IMPORTERS[self.kind](user=self.user)
        importer.import_id = self.pk  # the history names the import its writes came from
        importer.progress = progress
        with self.file.open("rb") as upload:
            data = upload.read()
        try:
            return importer, read_sheet(importer.layout, self.file_name, data, progress=progress)
        except FileError as error:
            importer.report.errors.append(RowError(None, "", str(error)))
            return importer, None

    @property
    def in_progress(self):
        """Queued or running, and not stopped: the page refreshes itself to follow it."""
        return self.status == self.Status.QUEUED or (
            self.status in self.RUNNING and not self.stopped
        )

    @property
    def stopped(self):
        """Whether this run has given no sign of life for too long (its worker died)."""
        before = timezone.now() - timedelta(minutes=settings.LEDGER_TASK_STALE_MINUTES)
        return self.status in self.RUNNING and (self.heartbeat or self.created_at) < before

    @property
    def failed(self):
        return self.status == self.Status.FAILED or self.stopped

    def status_label(self):
        """The status as the pages show it: a run that stopped shows as failed."""
        return self.Status.FAILED.label if self.stopped else self.get_status_display()

    def failure_reason(self):
        """Why the check or the import failed, for the user; '' when it did not."""
        if not self.failed:
            return ""
        if self.confirmed_at is None:
            stopped = _("The check did not finish (its worker stopped): nothing was saved.")
            error = _("The check stopped on an unexpected error (%(error)s): nothing was saved.")
        else:
            stopped = _("The import did not finish (its worker stopped): nothing was saved.")
            error = _("The import stopped on an unexpected error (%(error)s): nothing was saved.")
        return error % {"error": self.failure} if self.failure else stopped

    def percent_done(self):
        """How far the run has gone, 0 to 100: reading, then checking (and writing)."""
        if not self.rows_total:
            return 0
        return min(100, 100 * max(self.rows_checked, self.rows_written) // self.rows_total)

    @property
    def confirmable(self):
        """Only a preview that ran to the end with a clean report may be imported."""
        return self.status == self.Status.PREVIEWED and self.summary.get("ok") is True

    def outcomes(self):
        """[(records, [created, updated, unchanged])] from the summary, for the report table."""
        outcomes = ("created", "updated", "unchanged")
        counts = [self.summary.get(outcome, {}) for outcome in outcomes]
        names = sorted({name for count in counts for name in count})
        return [(name, [count.get(name, 0) for count in counts]) for name in names]

    @staticmethod
    def kinds_for(user):
        """The kinds of file `user` may import."""
        kinds = []
        if user.has_perm("ledgers.import_rosters"):
            kinds += [kind for kind in Kind if kind in ROSTER_KINDS]
        if user.has_perm("ledgers.import_ledgers"):
            kinds += [kind for kind in Kind if kind not in ROSTER_KINDS]
        return kinds


def is_uuid(text):
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class ExportRecord(models.Model):
    """A list's export too large to stream in the request: written to a file by a
    background task, then downloaded from its page by whoever asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # The failure of an export whose requester may no longer view its records.
    NOT_ALLOWED = "PermissionDenied"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        CSV = "csv", "CSV"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="exports",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # The list's query string, as the export link carried it: the task chooses the rows
    # with it again, as the user's scope stands when it runs.
    query = models.TextField(_("query string"), blank=True)
    # The parameters that chose the rows, as each download's history entry names them.
    filters = models.JSONField(_("filters"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    records_total = models.PositiveIntegerField(_("records"), null=True, blank=True)
    # Private (MEDIA is never served): downloaded through its page. Blank until written,
    # and once `purge_uploads` has deleted it.
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="export_status_known",
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=["xlsx", "csv"]), name="export_format_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False),
                name="export_done_has_finished_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.file_format}, {self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("ledgers:export-detail", args=[self.pk])

    def send(self):
        """Enqueue the writing of the saved, queued export, outside any transaction (the
        worker must find it). On the immediate backend it is written here and now."""
        from .tasks import run_export  # the task names this module's model

        result = run_export.enqueue(self.pk)
        ExportRecord.objects.filter(pk=self.pk).update(task_id=result.id)
        if result.status == TaskResultStatus.FAILED:  # raised before its record could say so
            failure = f"{result.errors[0].exception_class_path} (the worker's task)"
            ExportRecord.objects.filter(pk=self.pk, status__in=["queued", "running"]).update(
                status=self.Status.FAILED, failure=failure, finished_at=timezone.now()
            )

    @classmethod
    def run_queued(cls, pk):
        """The background task's work: claim the queued export and write its file."""
        claimed = cls.objects.filter(pk=pk, status=cls.Status.QUEUED).update(
            status=cls.Status.RUNNING, heartbeat=timezone.now()
        )
        if not claimed:
            return None
        record = cls.objects.select_related("requested_by").get(pk=pk)
        record.write()
        return record.status

    def write(self):
        """Write the file with the rows the list's export would stream now, as the
        requester's scope stands; keep it, or fail with the reason (no partial file)."""
        from django.core.files import File
        from django.http import QueryDict

        from lianluo.spreadsheets import csv_chunks, write_xlsx

        from .exports import Chosen
        from .progress import ExportProgress

        progress = ExportProgress(self)
        try:
            chosen = Chosen(self.kind, self.requested_by, QueryDict(self.query))
            progress.update(records_total=chosen.records.count())
            headers, rows = chosen.ledger()
            rows = progress.counted(rows)
            with tempfile.TemporaryFile() as spool:
                if self.file_format == self.Format.XLSX:
                    write_xlsx(headers, rows, spool)
                else:
                    for chunk in csv_chunks(headers, rows):
                        spool.write(chunk.encode("utf-8"))
                spool.seek(0)
                name = f"{self.kind}-{timezone.localdate():%Y%m%d}.{self.file_format}"
                self.file.save(name, File(spool), save=False)
            self.rows_written = progress.figures["rows_written"]
            self.records_total = progress.figures["records_total"]
            self.status, self.finished_at = self.Status.DONE, timezone.now()
            self.heartbeat = self.finished_at
            self.save()
        except Exception as error:
            if isinstance(error, PermissionDenied):  # the role lost its right meanwhile
                logger.warning("Export %s of %s refused: no permission", self.pk, self.kind)
                reason = self.NOT_ALLOWED
            else:
                logger.exception("Export %s of %s failed", self.pk, self.kind)
                reason = f"{type(error).__name__}: {error}"
            if self.file:
                self.file.delete(save=False)
            ExportRecord.objects.filter(pk=self.pk).update(
                status=self.Status.FAILED,
                failure=reason,
                file="",
                rows_written=progress.figures["rows_written"],
                finished_at=timezone.now(),
            )
            self.refresh_from_db()
        finally:
            progress.close()

    @property
    def stopped(self):
        """Whether its writing has given no sign of life for too long (its worker died)."""
        before = timezone.now() - timedelta(minutes=settings.LEDGER_TASK_STALE_MINUTES)
        return self.status == self.Status.RUNNING and (self.heartbeat or self.created_at) < before

    @property
    def in_progress(self):
        return self.status == self.Status.QUEUED or (
            self.status == self.Status.RUNNING and not self.stopped
        )

    @property
    def failed(self):
        return self.status == self.Status.FAILED or self.stopped

    def status_label(self):
        return self.Status.FAILED.label if self.stopped else self.get_status_display()

    def failure_reason(self):
        if not self.failed:
            return ""
        if not self.failure:
            return _("The export did not finish (its worker stopped). Export the list again.")
        if self.failure == self.NOT_ALLOWED:
            return _("You may no longer view these records.")
        return _("The export stopped on an error (%(error)s).") % {"error": self.failure}

    def percent_done(self):
        if not self.records_total:
            return 0
        return min(100, 100 * self.rows_written // self.records_total)

    @property
    def file_name(self):
        return f"{self.kind}-{self.created_at:%Y%m%d}.{self.file_format}"
