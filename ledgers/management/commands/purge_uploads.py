"""Delete the uploaded files of imports that saved nothing, once they are old enough.

Every upload is stored with its import record, refused ones included. The history needs
the files of applied imports (what was imported, when, by whom); the files of refused,
failed and never-confirmed previews only fill the disk, and may hold personal data that
nobody imported. This deletes those files once older than LEDGER_UPLOAD_KEEP_DAYS days
(or --days) and keeps their records, with their reports, marked as having no file.
The files of background exports (large lists' exports) are deleted too, once older than
LEDGER_EXPORT_KEEP_DAYS days (--export-days); their records stay, without a file.
Run it daily (cron or a systemd timer).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ledgers.models import ExportRecord, ImportRecord


class Command(BaseCommand):
    help = (
        "Delete the files of imports that saved nothing (refused, failed, never confirmed) "
        "sent more than --days days ago; applied imports keep their files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep files younger than this (default: LEDGER_UPLOAD_KEEP_DAYS)",
        )
        parser.add_argument(
            "--export-days",
            type=int,
            default=None,
            help="keep export files younger than this (default: LEDGER_EXPORT_KEEP_DAYS)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list the files, but delete nothing"
        )

    def handle(self, *args, days, export_days, dry_run, **options):
        days = settings.LEDGER_UPLOAD_KEEP_DAYS if days is None else days
        if days < 1:  # a younger preview may still be waiting for its confirmation
            raise CommandError("--days must be 1 or more.")
        export_days = settings.LEDGER_EXPORT_KEEP_DAYS if export_days is None else export_days
        if export_days < 1:  # a file just written is still to be downloaded
            raise CommandError("--export-days must be 1 or more.")
        if not dry_run:
            ImportRecord.objects.settle()  # a check or import whose worker died is failed
        records = ImportRecord.objects.unkept(before=timezone.now() - timedelta(days=days))
        count = 0
        for record in records.order_by("created_at").iterator():
            sent = f"{record.created_at:%Y-%m-%d} {record.status} {record.file_name}"
            self.stdout.write(f"{sent}: {record.file.name}")
            if not dry_run:
                record.file.delete(save=False)  # a file already gone is no error
                record.file = ""  # the column holds no NULL
                record.save(update_fields=["file"])
            count += 1
        done = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} files {done} (older than {days} days).")
        self.purge_exports(export_days, dry_run)

    def purge_exports(self, days, dry_run):
        """Delete the files of background exports finished more than `days` days ago."""
        before = timezone.now() - timedelta(days=days)
        exports = ExportRecord.objects.filter(finished_at__lt=before).exclude(file="")
        count = 0
        for record in exports.order_by("created_at").iterator():
            self.stdout.write(f"{record.created_at:%Y-%m-%d} export: {record.file.name}")
            if not dry_run:
                record.file.delete(save=False)
                record.file = ""
                record.save(update_fields=["file"])
            count += 1
        done = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} export files {done} (older than {days} days).")
