"""Print a campaign's figures: the report contract's JSON object, or the same as a table.

The office's bulletin used to count these by hand; this command (and the campaign page's
downloads, which read the same function) gives them from the records.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from activities.figures import TABLE_HEADERS, campaign_figures, figure_rows
from activities.models import Campaign
from lianluo.history import log_download
from lianluo.spreadsheets import csv_chunks, write_xlsx


class Command(BaseCommand):
    help = "Print the figures of the campaign SLUG (DESIGN.md, 'The report contract')."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the campaign's slug (标识)")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", help="write to this file (needed for xlsx on a terminal)")

    def handle(self, *args, slug, format, output, **options):
        try:
            campaign = Campaign.objects.get(slug=slug)
        except Campaign.DoesNotExist:
            raise CommandError(f"No campaign with the slug “{slug}”.") from None
        figures = campaign_figures(campaign)
        self.write(figures, format, output)
        if output:  # a file written is an export, in the history; figures printed are not
            log_download(None, "campaign-report", format, len(figure_rows(figures)), None, campaign)

    def write(self, figures, format, output):
        if format == "json":
            text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
        elif format == "csv":
            text = "".join(csv_chunks([str(h) for h in TABLE_HEADERS], figure_rows(figures)))
        else:
            target = output or sys.stdout.buffer
            if output is None and sys.stdout.isatty():
                raise CommandError("Give --output FILE.xlsx: a workbook is not for a terminal.")
            write_xlsx([str(h) for h in TABLE_HEADERS], figure_rows(figures), target)
            return
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
        else:
            self.stdout.write(text, ending="")
