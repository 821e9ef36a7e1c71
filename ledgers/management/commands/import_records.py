"""Import a ledger file (roster, campaigns, activities, problems, outputs, contacts).

Offices send their rosters and ledgers as Excel or CSV files; this reads one, all or
nothing, and prints what it did or, when a row is bad, every bad row with its column
and the reason (exit status 1).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledgers.reading import FileError, read_sheet
from ledgers.registry import IMPORTERS


class Command(BaseCommand):
    help = "Import FILE (.xlsx or .csv) of the kind KIND; nothing is saved if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )

    def handle(self, *args, kind, file, dry_run, **options):
        importer = IMPORTERS[kind]()
        try:
            sheet = read_sheet(importer.layout, file.name, file.read_bytes())
        except FileError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        report = importer.run(sheet, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} errors: nothing was saved.", returncode=1)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
