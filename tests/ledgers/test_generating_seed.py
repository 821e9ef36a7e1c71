"""`generate_data` on an empty database: the same seed gives the same office row for row,
another seed another, and a dry run counts what a real run writes."""

import pytest
from django.db import transaction

from activities.models import Attendance, Problem
from ledgers.generating import generate
from representatives.models import Membership, Representative
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def snapshot(seed):
    """What one run writes (its counts and sample rows), undone after."""
    with transaction.atomic():
        counts = generate("tiny", seed)
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
            list(Problem.objects.order_by("ref").values_list("ref", "status", "resolved_on")),
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


def test_a_dry_run_counts_what_a_run_writes_and_writes_nothing():
    with transaction.atomic():
        would = generate("tiny", 5, dry_run=True)
        assert not Representative.objects.exists()
        written = generate("tiny", 5)
        transaction.set_rollback(True)

    assert would == written
    assert written["activities.Attendance"] > written["activities.Activity"] > 0
