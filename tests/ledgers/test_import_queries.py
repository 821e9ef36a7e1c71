"""An import costs a fixed number of queries per batch, whatever the number of its rows
(ledgers/importing.py: one query per kind of reference per batch, bulk writes)."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Attendance

from .conftest import run_import
from .files import ORDER, repeated


def queries(kind, rows):
    with CaptureQueriesContext(connection) as captured:
        report = run_import(kind, rows)
    assert report.ok, report.errors
    return len(captured)


@pytest.mark.parametrize("kind", ORDER)
def test_a_first_import_costs_the_same_queries_for_twice_the_rows(imported, kind):
    imported(kind)
    # The groups, topics … it names exist now, and the history knows the kinds it writes
    # (a contact tally of the 151st day still ends after it starts).
    assert run_import(kind, repeated(kind, 1, first=150)).ok

    few = queries(kind, repeated(kind, 5))
    more = queries(kind, repeated(kind, 10, first=100))

    assert more == few


@pytest.mark.parametrize("kind", ORDER)
def test_a_reimport_costs_the_same_queries_for_twice_the_rows(imported, kind):
    imported(kind)
    few, more = repeated(kind, 5), repeated(kind, 10, first=100)
    run_import(kind, few)
    run_import(kind, more)

    assert queries(kind, more) == queries(kind, few)


def test_a_reimport_removing_attendees_costs_the_same_queries_for_twice_the_rows(imported):
    """Each removed attendance is recorded in the history, in one query for them all."""
    imported("activities")
    few, more = repeated("activities", 5), repeated("activities", 10, first=100)
    run_import("activities", few)
    run_import("activities", more)
    column = few[0].index("参加代表")

    def without_attendees(rows):
        return [rows[0]] + [[*row[:column], "HN3", *row[column + 1 :]] for row in rows[1:]]

    assert queries("activities", without_attendees(more)) == queries(
        "activities", without_attendees(few)
    )
    removed = LogEntry.objects.get_for_model(Attendance).filter(action=LogEntry.Action.DELETE)
    assert removed.count() == 2 * (5 + 10)  # HN1 and the guest HN2 of each activity
    assert {entry.object_repr for entry in removed} == {"周明华: 出席", "刘桂兰: 列席"}
