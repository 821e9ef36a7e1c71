"""The record of every import: who sent which file, what it did or would have done."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.review_kinds import KINDS
from lianluo import history
from representatives.models import AccessQuerySet, Area

from .importing import Report, RowError
from .reading import FileError, read_sheet
from .registry import IMPORTERS

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    AREAS = "areas", _("Areas")
    ROSTER = "roster", _("Roster")
    CAMPAIGNS = "campaigns", _("Campaigns")
    ACTIVITIES = "activities", _("Activities")
    PROBLEMS = "problems", _("Problems")
    OUTPUTS = "outputs", _("Outputs")
    CONTACTS = "contacts", _("Contact tallies")
    MEDIA = "media", _("Media reports")
    SUGGESTIONS = "suggestions", _("Suggestions")


# Admins import areas, rosters and campaigns; liaison staff the ledgers of their work.
ROSTER_KINDS = {Kind.AREAS, Kind.ROSTER, Kind.CAMPAIGNS}


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
            waiting = kind.model.objects.reviewable_by(user).awaiting_review()
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
        file: the history points at what was imported."""
        return (
            self.filter(created_at__lt=before)
            .exclude(status=ImportRecord.Status.APPLIED)
            .exclude(file="")
        )


class ImportRecord(models.Model):
    class Status(models.TextChoices):
        # A preview is created "checking" and committed before it runs, so a run cut off
        # (a worker killed by its timeout) leaves a record that says so, not "previewed".
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Previewed, not saved")
        APPLIED = "applied", _("Imported")
        REFUSED = "refused", _("Refused: bad rows")
        FAILED = "failed", _("Failed")

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

    def run(self, *, dry_run):
        """Run the file through its importer and keep the report; return the report.

        No exception leaves: an unexpected one is logged and leaves the record failed with
        the reason (the importer's transaction has rolled back), and the report says so.
        """
        try:
            report = self.import_file(dry_run=dry_run)
        except Exception as error:
            logger.exception("Import %s of %s (%s) failed", self.pk, self.file_name, self.kind)
            self.status, self.failure = self.Status.FAILED, f"{type(error).__name__}: {error}"
            self.save()
            report = Report(kind=self.kind)
            report.errors.append(RowError(None, "", self.failure_reason()))
            return report
        self.summary = report.as_dict()
        if not report.ok:
            self.status = self.Status.REFUSED
        elif dry_run:
            self.status = self.Status.PREVIEWED
        else:
            self.status, self.applied_at = self.Status.APPLIED, timezone.now()
        self.save()
        if report.ok and not dry_run:
            self.log_outcome(report)
        return report

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

    def import_file(self, *, dry_run):
        importer = IMPORTERS[self.kind](user=self.user)
        importer.import_id = self.pk  # the history names the import its writes came from
        with self.file.open("rb") as upload:
            data = upload.read()
        try:
            sheet = read_sheet(importer.layout, self.file_name, data)
        except FileError as error:
            importer.report.errors.append(RowError(None, "", str(error)))
        else:
            importer.run(sheet, dry_run=dry_run)
        return importer.report

    @property
    def cut_off(self):
        """Whether this file's check started long ago and never ended (its worker died)."""
        timeout = timedelta(minutes=settings.LEDGER_CHECK_TIMEOUT_MINUTES)
        return self.status == self.Status.CHECKING and self.created_at < timezone.now() - timeout

    def status_label(self):
        """The status as the pages show it: a check cut off shows as failed."""
        return self.Status.FAILED.label if self.cut_off else self.get_status_display()

    def failure_reason(self):
        """Why the import failed, for the user; '' when it did not."""
        if self.cut_off:
            return _("The check did not finish (the file may be too large): nothing was saved.")
        if self.status == self.Status.FAILED:
            return _("The check stopped on an unexpected error (%(error)s): nothing was saved.") % {
                "error": self.failure
            }
        return ""

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
