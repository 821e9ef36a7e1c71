"""Benchmark: import a province-sized roster and print rows per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianluo_bench \\
        .venv/bin/python benchmarks/roster_import.py --rows 130000 --format xlsx

It migrates and empties the database, writes a roster of ROWS rows (one per membership:
about 1.3 rows per person, 13 members a group, as in a province) to a temporary file,
then times `import_records roster FILE` end to end: reading, checking and writing.
A second run of the same file is timed too (nothing changes then).
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")

import django

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from ledgers.columns import ROSTER  # noqa: E402
from representatives.models import Area, Membership, Representative  # noqa: E402

CITIES = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市",
          "张家界市", "益阳市", "郴州市", "永州市", "怀化市", "娄底市", "湘西州"]  # fmt: skip


def roster_rows(count):
    rng = random.Random(1)
    person = 0
    rows = 0
    while rows < count:
        person += 1
        city = CITIES[person % len(CITIES)]
        groups = [f"{city}第{(person // 13) % 800 + 1}代表小组"]
        if rng.random() < 0.3:
            groups.append(f"{city}第{(person // 13 + 400) % 800 + 1}代表小组")
        gender, levels = rng.choice(["男", "女"]), rng.choice(["省", "市", "县、乡", "全国、省"])
        for group in groups[: count - rows]:
            rows += 1
            yield [f"HN{person:07d}", f"代表{person}", gender, "汉族", "中共党员", levels,
                   city, group, "2023-01-15", "", "否", "职务"]  # fmt: skip


def write_file(path, fmt, count):
    if fmt == "xlsx":
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(ROSTER.headers)
        for row in roster_rows(count):
            sheet.append(row)
        workbook.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            import csv

            writer = csv.writer(out)
            writer.writerow(ROSTER.headers)
            writer.writerows(roster_rows(count))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=130_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    province, _ = Area.objects.get_or_create(name="湖南省", parent=None, kind="province")
    for city in CITIES:
        Area.objects.get_or_create(name=city, parent=province, kind="city")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster.{args.format}"
        write_file(path, args.format, args.rows)
        megabytes = path.stat().st_size / 1e6
        print(f"{connection.vendor}: {args.rows} rows, {megabytes:.1f} MB {args.format}")
        for label in ["first import", "re-import (unchanged)"]:
            started = time.perf_counter()
            call_command("import_records", "roster", str(path), stdout=io.StringIO())
            seconds = time.perf_counter() - started
            print(f"{label}: {seconds:.1f} s, {args.rows / seconds:,.0f} rows/s")
    print(f"{Representative.objects.count()} people, {Membership.objects.count()} memberships")


if __name__ == "__main__":
    main()
