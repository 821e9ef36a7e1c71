"""Write every record of a kind as a ledger file (.xlsx or .csv) in the import's format.

Offices hand ledgers back and forth; this is the way out that matches the way in
(`import_records` reads what this writes, unchanged). Rows are written as they are read
(memory stays flat); a bar on stderr shows how far, when stderr is a terminal.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.review import Reviewed
from ledgers.exports import ledger
from ledgers.progress import CountingProgress
from ledgers.registry import FILTERS
from lianluo.history import logged_rows
from lianluo.spreadsheets import csv_chunks, write_xlsx


class Command(BaseCommand):
    help = "Write all records of KIND to FILE (.xlsx or .csv) with the import's columns."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(FILTERS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, file, **options):
        model = FILTERS[kind]._meta.model
        records = model.objects.all()
        if issubclass(model, Reviewed):  # the office's data as it counts, as the pages export
            records = records.counted()
        headers, rows = ledger(kind, records)
        if file.suffix not in (".xlsx", ".csv"):
            raise CommandError("Write to a .xlsx or .csv file.")
        # In the history as an export from a command (path "shell", no user), with its rows.
        rows = logged_rows(rows, None, kind, file.suffix[1:], model=model)
        # A bar on a terminal's stderr (one more query: the count), nothing when not one.
        progress = CountingProgress(self.stderr) if self.stderr.isatty() else None
        if progress is not None:
            progress.update(rows_total=records.count())
            rows = counted(rows, progress)
        if file.suffix == ".xlsx":
            write_xlsx(headers, rows, file)
        else:
            with file.open("w", encoding="utf-8", newline="") as out:
                out.writelines(csv_chunks(headers, rows))
        if progress is not None:
            progress.close()
        self.stdout.write(f"{kind} → {file}")


def counted(rows, progress):
    """The rows, telling `progress` as each is written."""
    for row in rows:
        yield row
        progress.add(rows_written=1)
