"""Exports stream from the page: the first bytes leave before the last row is read, in
either format; and each export costs the same queries whatever its number of rows."""

import csv
import datetime
import gc
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attendance
from ledgers import exports
from ledgers.columns import ACTIVITIES
from ledgers.exports import ledger
from lianluo.history import logged_rows
from lianluo.spreadsheets import csv_chunks, xlsx_chunks
from representatives.models import Representative

from .conftest import run_import
from .files import ORDER, repeated

pytestmark = pytest.mark.django_db

ROWS = 1200  # more than two of the workbook's chunks (ROWS_A_CHUNK) of rows


@pytest.fixture
def many_activities(areas):
    people = Representative.objects.bulk_create(
        Representative(code=f"HN{n}", name=f"代表{n}") for n in range(3)
    )
    activities = Activity.objects.bulk_create(
        Activity(ref=f"R{n:05d}", date=datetime.date(2024, 4, 1), title=f"活动{n}", place="联络站")
        for n in range(ROWS)
    )
    Attendance.objects.bulk_create(
        Attendance(activity=activity, representative=person, status=Attendance.Status.PRESENT)
        for activity in activities
        for person in people
    )


def downloads():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_export_streams_its_first_bytes_before_its_last_row(
    leader_client, many_activities, settings, file_format
):
    settings.LEDGER_EXPORT_INLINE_ROWS = 10 * ROWS  # streamed in the request
    response = leader_client.get(reverse("ledgers:export", args=["activities", file_format]))
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)

    first = next(chunks)

    # The download is recorded once its last row is written: not yet.
    assert first and not downloads().exists()
    data = first + b"".join(chunks)
    assert downloads().get().additional_data["rows"] == ROWS
    if file_format == "xlsx":
        rows = [list(row) for row in openpyxl.load_workbook(io.BytesIO(data)).active.values]
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(ACTIVITIES.headers)
    assert sorted(row[0] for row in rows[1:]) == [f"R{n:05d}" for n in range(ROWS)]
    assert {(row[2], row[8]) for row in rows[1:]} == {("2024-04-01", "HN0、HN1、HN2")}


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("chunks", [csv_chunks, xlsx_chunks])
def test_a_download_broken_off_is_recorded_with_the_rows_written(many_activities, chunks):
    headers, rows = ledger("activities", Activity.objects.all())
    written = chunks(headers, logged_rows(rows, None, "activities", "file", model=Activity))
    next(written)  # the headers
    next(written)  # some rows

    written.close()  # the browser went away; a workbook's XML is left closed in order
    gc.collect()

    assert downloads().get().additional_data["rows"] < ROWS


def export_queries(client, kind, file_format):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("ledgers:export", args=[kind, file_format]))
        b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ORDER)
def test_an_export_costs_the_same_queries_for_three_times_the_rows(
    leader_client, imported, kind, file_format
):
    imported(kind)
    assert run_import(kind, repeated(kind, 5)).ok
    export_queries(leader_client, kind, file_format)  # the caches every export shares, filled
    few = export_queries(leader_client, kind, file_format)
    assert run_import(kind, repeated(kind, 10, first=100)).ok

    assert export_queries(leader_client, kind, file_format) == few


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_activity_export_costs_the_same_queries_over_many_chunks(
    leader_client, imported, monkeypatch, file_format
):
    """Its lists are read alongside the activities, not a chunk at a time."""
    monkeypatch.setattr(exports, "CHUNK", 2)  # 5 rows are 3 chunks, 15 rows 8
    imported("activities")
    assert run_import("activities", repeated("activities", 5)).ok
    export_queries(leader_client, "activities", file_format)
    few = export_queries(leader_client, "activities", file_format)
    assert run_import("activities", repeated("activities", 10, first=100)).ok

    assert export_queries(leader_client, "activities", file_format) == few
