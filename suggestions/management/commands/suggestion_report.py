"""Print the suggestion figures of a period: DESIGN.md's JSON object, or the same as a table.

The suggestions dashboard's downloads will read the same function (`figures.py`).
"""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from activities.models import Department
from lianluo.history import log_download
from lianluo.spreadsheets import csv_chunks, write_xlsx
from suggestions.figures import TABLE_HEADERS, figure_rows, suggestion_figures
from suggestions.models import Suggestion


def iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Print the figures of the suggestions assigned (交办) from START to END, optionally "
        "of one lead unit (DESIGN.md, 'Suggestions')."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, type=iso_date, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, type=iso_date, help="YYYY-MM-DD")
        parser.add_argument("--department", help="the lead unit's name (主办单位)")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", help="write to this file (needed for xlsx on a terminal)")

    def handle(self, *args, start, end, department, format, output, **options):
        if end < start:
            raise CommandError("The period ends before it starts.")
        unit = None
        if department is not None:
            try:
                unit = Department.objects.get(name=department)
            except Department.DoesNotExist:
                raise CommandError(f"No department named “{department}”.") from None
        figures = suggestion_figures(start, end, unit)
        self.write(figures, format, output)
        if output:  # a file written is an export, in the history; figures printed are not
            rows = len(figure_rows(figures))
            filters = {"start": start.isoformat(), "end": end.isoformat()}
            if unit is not None:
                filters["department"] = unit.name
            log_download(None, "suggestion-report", format, rows, Suggestion, filters=filters)

    def write(self, figures, format, output):
        headers = [str(h) for h in TABLE_HEADERS]
        if format == "json":
            text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
        elif format == "csv":
            text = "".join(csv_chunks(headers, figure_rows(figures)))
        else:
            target = output or sys.stdout.buffer
            if output is None and sys.stdout.isatty():
                raise CommandError("Give --output FILE.xlsx: a workbook is not for a terminal.")
            write_xlsx(headers, figure_rows(figures), target)
            return
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
        else:
            self.stdout.write(text, ending="")
