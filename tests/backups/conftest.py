"""Running the backup commands from a test, and the office's state to compare."""

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from activities.models import Campaign

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
# The samples in the order they depend on each other (README, "Files offices exchange").
SAMPLE_FILES = [
    ("roster", "roster.xlsx"),
    ("campaigns", "campaigns.csv"),
    ("activities", "activities.csv"),
    ("problems", "problems.csv"),
    ("outputs", "outputs.csv"),
    ("contacts", "contacts.csv"),
]


def command(*args):
    """What the management command printed."""
    out = io.StringIO()
    call_command(*map(str, args), stdout=out)
    return out.getvalue()


def campaign_reports():
    """{slug: the campaign_report command's JSON} for every campaign."""
    return {
        slug: json.loads(command("campaign_report", slug, "--format", "json"))
        for slug in Campaign.objects.order_by("slug").values_list("slug", flat=True)
    }


def table_counts():
    """{table: rows} of every table in the database (but SQLite's statistics, which are
    the planner's and not the office's: backups.tables.live_row_counts)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def media_contents(root):
    """{path: bytes} of every file under `root`."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
