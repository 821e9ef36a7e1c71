"""Every text a spreadsheet could run as a formula is exported marked, and comes back as
it was; text that cannot run is exported as it is."""

import csv
import datetime
import io

import pytest

from activities.models import Activity
from ledgers.exports import ledger
from lianluo.spreadsheets import csv_chunks, neutralise

from .conftest import database_state
from .test_exports import export_then_import

# What Excel, LibreOffice and WPS take for a formula (or a DDE call) when a file opens.
RUNS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "=cmd|' /C calc'!A0", "@cmd|'/c calc'!A0",
    "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1", "﹢1", "﹣1",
    " =1+1", "  +1", "\u3000=1+1", "\xa0=1", "\u200b=1+1", "\u200d@A1", "\ufeff=1", "\u2060-1",
    "\t=1+1", "\tx", "\r=1", "\rx", "\n=1", " \u200b\u3000＝HYPERLINK(\"http://x\")",
]  # fmt: skip
STAYS = ["调研", "5-1", "a=b", "x+1", "邮箱 a@b.cn", "", " ", "2024-04-01", "１２"]


@pytest.mark.parametrize("value", RUNS)
def test_text_that_could_run_is_marked(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", STAYS)
def test_text_that_cannot_run_is_not_marked(value):
    assert neutralise(value) == value


def test_the_csv_export_marks_every_title_that_could_run(db):
    for n, title in enumerate(RUNS):
        Activity.objects.create(ref=f"HD{n}", date=datetime.date(2024, 4, 1), title=title)

    text = "".join(csv_chunks(*ledger("activities", Activity.objects.order_by("pk"))))

    titles = [row[3] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert titles == ["'" + title for title in RUNS]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_marked_titles_reimport_unchanged(db, tmp_path, suffix):
    for n, title in enumerate(["＝1+1", "－5℃寒潮慰问", "\u200b=1+1", "＠A1"]):
        Activity.objects.create(ref=f"HD{n}", date=datetime.date(2024, 4, 1), title=title)
    before = database_state()

    report = export_then_import("activities", Activity.objects.all(), suffix, tmp_path)

    assert (report.errors, dict(report.updated)) == ([], {})
    assert database_state() == before
