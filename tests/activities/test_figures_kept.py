"""The figures kept in the cache (activities/caching.py): read again without their
queries, and changed at once by a write that changes them, whichever path wrote it.

The world: the campaign 春季走访 with two counted activities (A-1, B-1 on 10 April 2024),
no leaders enrolled yet.
"""

import datetime
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.caching import Kept, kept, key_of, version
from activities.models import Activity, Attendance
from activities.review import Review, decide
from archives.figures import archive

pytestmark = pytest.mark.django_db

SPRING = (datetime.date(2024, 3, 1), datetime.date(2024, 5, 31))


def campaign_page(client, world):
    return client.get(reverse("activities:campaign-detail", args=[world.campaign.slug]))


def test_a_kept_page_reads_its_figures_without_their_queries(world, leader_client, figures_kept):
    with CaptureQueriesContext(connection) as first:
        shown = campaign_page(leader_client, world).context["figures"]
    with CaptureQueriesContext(connection) as again:
        response = campaign_page(leader_client, world)

    assert response.context["figures"] == shown
    assert len(again) < len(first) - 5  # the figures, the charts and the table: kept


def test_a_saved_activity_changes_the_kept_figures_at_once(world, leader_client, figures_kept):
    assert campaign_page(leader_client, world).context["figures"]["activities"]["total"] == 2

    Activity.objects.create(campaign=world.campaign, date=datetime.date(2024, 4, 20), title="走访")

    assert campaign_page(leader_client, world).context["figures"]["activities"]["total"] == 3


def test_a_leader_enrolled_changes_the_kept_leader_table_at_once(
    world, leader_client, figures_kept
):
    assert campaign_page(leader_client, world).context["rows"] == []

    world.campaign.leaders.add(world.reps_a[0])  # a many-to-many link: its own signal

    (row,) = campaign_page(leader_client, world).context["rows"]
    assert row["leader"] == world.reps_a[0]
    assert (row["participated"], row["total"]) == (1, 2)


def test_an_approval_in_the_review_queue_changes_the_kept_figures_at_once(
    world, leader_client, figures_kept
):
    waiting = Activity.objects.create(
        campaign=world.campaign, date=datetime.date(2024, 4, 20), title="走访",
        review=Review.SUBMITTED,
    )  # fmt: skip
    assert campaign_page(leader_client, world).context["figures"]["activities"]["total"] == 2

    decide(Activity.objects.filter(pk=waiting.pk), None, approve=True)  # a bulk update

    assert campaign_page(leader_client, world).context["figures"]["activities"]["total"] == 3


def test_the_switch_counting_records_awaiting_review_is_kept_apart(
    world, leader_client, figures_kept
):
    Activity.objects.create(
        campaign=world.campaign, date=datetime.date(2024, 4, 20), title="走访",
        review=Review.SUBMITTED,
    )  # fmt: skip
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])

    assert leader_client.get(url).context["figures"]["activities"]["total"] == 2
    assert leader_client.get(url + "?pending=1").context["figures"]["activities"]["total"] == 3
    assert leader_client.get(url).context["figures"]["activities"]["total"] == 2


def test_the_overview_is_kept_per_scope(world, leader_client, staff_b_client, figures_kept):
    url = reverse("activities:overview") + "?date_after=2024-01-01&date_before=2024-12-31"

    def activities(client):
        (row,) = [m for m in client.get(url).context["measures"] if m["key"] == "activities"]
        return row["now"]

    assert activities(leader_client) == 2  # the province
    assert activities(staff_b_client) == 1  # 湘西州 only: not the province's kept figure
    assert activities(leader_client) == 2


def test_a_kept_archive_changes_at_once_with_an_attendance_row(world, figures_kept):
    li = world.reps_a[1]  # absent from A-1
    assert archive(li, *SPRING).own_counts["absent"] == 1

    Attendance.objects.filter(activity=world.activity_a, representative=li).delete()
    assert archive(li, *SPRING).own_counts == {
        "present": 0, "leave": 0, "absent": 0, "unrecorded": 1,
    }  # fmt: skip

    Attendance.objects.create(activity=world.activity_a, representative=li, status="present")
    assert archive(li, *SPRING).own_counts["present"] == 1


PAGES = {
    "campaign": lambda w: reverse("activities:campaign-detail", args=[w.campaign.slug]),
    "overview": lambda w: reverse("activities:overview"),
    "area": lambda w: reverse("activities:area-detail", args=[w.area_a.pk]),
    "archive": lambda w: reverse("archives:representative", args=[w.reps_a[0].pk]),
    "group": lambda w: reverse("archives:group", args=[w.group_a.pk]),
}


def more_of_the_same(world, times):
    """`times` more activities of group A, each with its checklist."""
    for n in range(times):
        activity = Activity.objects.create(
            campaign=world.campaign, date=datetime.date(2024, 4, 11), title=f"走访{n}"
        )
        activity.groups.add(world.group_a)
        for rep in world.reps_a:
            Attendance.objects.create(activity=activity, representative=rep, status="present")


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_kept_page_asks_as_many_queries_on_ten_times_the_data(
    world, leader_client, figures_kept, page
):
    url = page(world)
    more_of_the_same(world, 2)
    leader_client.get(url)  # kept
    with CaptureQueriesContext(connection) as small:
        leader_client.get(url)

    more_of_the_same(world, 20)
    leader_client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = leader_client.get(url)

    assert response.status_code == 200
    assert len(large) == len(small)


def test_a_figure_another_process_is_computing_is_waited_for_not_computed_again(
    figures_kept,
):
    @kept
    def figure(n):
        raise AssertionError("computed again while another process computes it")

    store, key = caches["figures"], key_of(f"{__name__}.{figure.__qualname__}", (1,), {})
    store.add(f"{key}:computing", 1, 30)  # the other process, computing
    delivered = Kept(42, version(), time.time(), 0.5)
    threading.Timer(0.2, store.set, [key, delivered]).start()  # … delivers

    assert figure(1) == 42


def test_a_figure_whose_computing_process_gave_up_is_computed_here(figures_kept):
    @kept
    def figure(n):
        return n * 2

    store, key = caches["figures"], key_of(f"{__name__}.{figure.__qualname__}", (21,), {})
    store.add(f"{key}:computing", 1, 30)
    threading.Timer(0.2, store.delete, [f"{key}:computing"]).start()  # failed: no figure

    assert figure(21) == 42
    assert store.get(key).value == 42 and store.get(f"{key}:computing") is None
