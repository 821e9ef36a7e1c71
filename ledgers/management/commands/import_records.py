"""Import a ledger file (roster, campaigns, activities, problems, outputs, contacts).

Offices send their rosters and ledgers as Excel or CSV files; this reads one, all or
nothing, and prints what it did or, when a row is bad, every bad row with its column
and the reason (exit status 1). Like an upload, the import is kept in the history. It
runs in the foreground, with a progress bar on stderr when that is a terminal.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledgers.models import ImportRecord, Kind
from ledgers.progress import TerminalProgress


class Command(BaseCommand):
    help = "Import FILE (.xlsx or .csv) of the kind KIND; nothing is saved if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )

    def handle(self, *args, kind, file, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        record = ImportRecord(kind=kind, file_name=file.name, status=ImportRecord.Status.CHECKING)
        record.file.save(file.name, ContentFile(data), save=False)
        # In the foreground: a bar on a terminal's stderr, nothing more when not a terminal.
        progress = TerminalProgress(self.stderr) if self.stderr.isatty() else None
        try:
            report = record.run(dry_run=dry_run, progress=progress)
        finally:
            if progress is not None:
                progress.close()
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            message = _("%(count)d errors: nothing was saved.") % {"count": len(report.errors)}
            raise CommandError(message, returncode=1)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
