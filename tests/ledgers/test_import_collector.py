"""An import pauses Python's cyclic garbage collector while it runs (ledgers/importing.py
collector_paused): it is running again afterwards, whether the import was written, refused
for a bad row, or a preview, and whatever a batch left behind has been collected."""

import gc
import weakref

import pytest

from ledgers.importing import collector_paused

from .conftest import run_import
from .files import repeated


@pytest.mark.parametrize("outcome", ["written", "refused", "preview"])
def test_the_collector_runs_again_after_an_import(imported, outcome):
    imported("activities")
    rows = repeated("activities", 5)
    if outcome == "refused":
        date = rows[0].index("日期")
        rows[1][date] = "not a date"

    report = run_import("activities", rows, dry_run=outcome == "preview")

    assert report.ok == (outcome != "refused")
    assert gc.isenabled()


def test_a_cycle_left_by_a_batch_is_collected_after_it():
    class Node:
        pass

    with collector_paused():
        node = Node()
        node.self = node  # a cycle: reference counting alone never frees it
        gone = weakref.ref(node)
        del node
        gc.collect(0)  # as the import does after each batch
        assert gone() is None
    assert gc.isenabled()
