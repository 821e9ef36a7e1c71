"""`generate_data` on an empty database: the same seed gives the same office row for row,
another seed another, COPY (PostgreSQL) writes what bulk_create writes, and a dry run
counts what a real run writes."""

import pytest
from django.db import connection, transaction

from activities.models import Activity, Attendance, Problem, StatusChange, Topic
from ledgers.generating import copy_rows, generate
from representatives.models import Membership, Representative
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def snapshot(seed, **options):
    """What one run writes (its counts and sample rows), undone after."""
    with transaction.atomic():
        counts = generate("tiny", seed, **options)
        rows = [
            list(Representative.objects.order_by("code").values_list("code", "name", "post")),
            list(
                Membership.objects.order_by("representative__code", "group__name").values_list(
                    "representative__code", "group__name", "joined_on", "left_on"
                )
            ),
            list(
                Attendance.objects.order_by("activity__ref", "representative__code").values_list(
                    "activity__ref", "activity__date", "representative__code", "status"
                )[:200]
            ),
            list(
                Activity.objects.order_by("ref").values_list(
                    "ref",
                    "campaign__slug",
                    "date",
                    "title",
                    "created_at",
                    "review",
                    "submitted_at",
                    "return_reason",
                    "accompanied",
                    "submission",
                )
            ),
            list(Problem.objects.order_by("ref").values_list("ref", "status", "resolved_on")),
            list(
                StatusChange.objects.order_by("problem__ref", "recorded_at").values_list(
                    "problem__ref", "from_status", "to_status", "changed_on", "recorded_at"
                )
            ),
            list(
                Suggestion.objects.order_by("number").values_list(
                    "number", "status", "assigned_on", "deadline"
                )
            ),
        ]
        transaction.set_rollback(True)
    return counts, rows


def test_the_same_seed_gives_the_same_office_and_another_seed_another():
    first, again, other = snapshot(7), snapshot(7), snapshot(8)

    assert first == again
    assert first[1] != other[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_rows_bulk_create_writes():
    copied, inserted = snapshot(7, copy=True), snapshot(7, copy=False)

    assert copied == inserted


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_keeps_tabs_backslashes_line_breaks_and_empty_text_apart_from_null():
    written = copy_rows_of(["a\tb", "c\\N", "d\ne\r", ""])

    assert [(t.name, t.pk is not None) for t in written] == [
        ("a\tb", True),
        ("c\\N", True),
        ("d\ne\r", True),
        ("", True),
    ]
    assert list(
        Topic.objects.filter(pk__in=[t.pk for t in written])
        .order_by("pk")
        .values_list("name", flat=True)
    ) == ["a\tb", "c\\N", "d\ne\r", ""]


def copy_rows_of(names):
    topics = [Topic(name=name) for name in names]
    copy_rows(Topic, topics)
    return topics


def test_a_dry_run_counts_what_a_run_writes_and_writes_nothing():
    with transaction.atomic():
        would = generate("tiny", 5, dry_run=True)
        assert not Representative.objects.exists()
        written = generate("tiny", 5)
        transaction.set_rollback(True)

    assert would == written
    assert written["activities.Attendance"] > written["activities.Activity"] > 0
