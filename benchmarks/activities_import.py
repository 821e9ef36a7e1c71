"""Benchmark: import 1,000 activities, then the same file with every title changed.

    .venv/bin/python benchmarks/activities_import.py --rows 1000

It uses the database DATABASE_URL names (by default a SQLite file in the temporary
folder, emptied first), imports the tests' roster and campaigns, then times
`import_records activities FILE` for a first import (every activity created) and a second
(every title changed), printing the seconds and the queries of each: what the history of
the bulk writes costs shows in the second number.
"""

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/lianluo-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from representatives.models import Area  # noqa: E402
from tests.ledgers.files import LEDGERS, repeated  # noqa: E402


def write(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def timed(kind, path):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        call_command("import_records", kind, str(path), stdout=io.StringIO())
        seconds = time.perf_counter() - start
    return seconds, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
    loudi = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="娄星区", kind=Area.Kind.COUNTY, parent=loudi)
    xiangxi = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="吉首市", kind=Area.Kind.COUNTY, parent=xiangxi)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for kind in ("roster", "campaigns"):
            timed(kind, write(folder / f"{kind}.csv", LEDGERS[kind]))
        rows = repeated("activities", args.rows)
        first = timed("activities", write(folder / "first.csv", rows))
        renamed = [rows[0]] + [[*row[:3], row[3] + "（改）", *row[4:]] for row in rows[1:]]
        second = timed("activities", write(folder / "second.csv", renamed))
    for name, (seconds, queries) in [("created", first), ("titles changed", second)]:
        print(f"{args.rows} activities {name}: {seconds:.2f} s, {queries} queries")


if __name__ == "__main__":
    main()
