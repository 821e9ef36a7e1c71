"""An import costs a fixed number of queries per batch, whatever the number of its rows
(ledgers/importing.py: one query per kind of reference per batch, bulk writes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    run_import(kind, repeated(kind, 1, first=900))  # the groups, topics … it names exist now

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
