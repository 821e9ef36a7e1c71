"""The dashboards' slow figures served as kept while they are refreshed, saying as of
when (activities/caching.py), and the pages without Redis or after `keep_figures`.

The world: the campaign 春季走访 with two counted activities (A-1 of 娄底市's group,
B-1 of 湘西州's, on 10 April 2024). Each test writes one more activity of 娄底市's group
(`one_more`), which every page below counts: the campaign's activities, the overview's
and 娄底市's activities of 2024.

FIGURES_SLOW = 0 takes every figure for slow: once kept, it is served as kept after a
write. FIGURES_REFRESH_IN_REQUEST refreshes it in the request that served it (a thread
would not see the test's transaction); the test in a transaction of its own lets the
thread do it, as on a served site.
"""

import datetime
import io
import json
import logging
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role as RoleName
from activities import caching
from activities.figures import campaign_figures
from activities.models import Activity
from lianluo.signals import database_replaced
from tests.conftest import login

pytestmark = pytest.mark.django_db

NOTE_ZH = "以下数字截至"
NOTE_EN = "The figures below are as of"


def activities_of_the_period(response):
    (row,) = [m for m in response.context["measures"] if m["key"] == "activities"]
    return row["now"]


PAGES = {
    "campaign": (
        lambda w: reverse("activities:campaign-detail", args=[w.campaign.slug]),
        lambda response: response.context["figures"]["activities"]["total"],
        2,
    ),
    "overview": (lambda w: reverse("activities:overview"), activities_of_the_period, 2),
    "area": (
        lambda w: reverse("activities:area-detail", args=[w.area_a.pk]),
        activities_of_the_period,
        1,
    ),
}


def one_more(world, day=20):
    activity = Activity.objects.create(
        campaign=world.campaign, date=datetime.date(2024, 4, day), title=f"走访{day}"
    )
    activity.groups.add(world.group_a)


@pytest.fixture
def slow(settings, figures_kept):
    """Every figure slow, refreshed in the request that served it kept."""
    settings.FIGURES_SLOW = 0
    settings.FIGURES_REFRESH_IN_REQUEST = True


def note_of(response):
    """The as-of note's line on the page, or None."""
    html = response.content.decode()
    start = html.find('<p class="as-of"')
    return None if start < 0 else html[start : html.index("</p>", start)]


@pytest.mark.parametrize("page", PAGES)
def test_after_a_write_a_slow_figure_is_served_kept_saying_as_of_when_then_refreshed(
    world, leader_client, slow, page
):
    url, shown, before = PAGES[page]
    url = url(world)
    began = time.time()
    first = leader_client.get(url)  # nothing kept: computed in the request
    assert (shown(first), first.context["figures_as_of"], note_of(first)) == (before, None, None)

    one_more(world)
    kept = leader_client.get(url)

    assert shown(kept) == before
    as_of = kept.context["figures_as_of"]
    assert began <= as_of.timestamp() <= time.time()
    shanghai = as_of.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{NOTE_ZH} {shanghai:%H:%M:%S}；此后登记的记录正在计入" in note_of(kept)

    refreshed = leader_client.get(url)
    assert (shown(refreshed), refreshed.context["figures_as_of"]) == (before + 1, None)
    assert note_of(refreshed) is None


@pytest.mark.parametrize(
    ("overdue", "taken", "refreshed"),
    [
        (False, ["0"], False),
        (True, ["0"], True),
        (True, ["0", "overdue"], False),  # another overdue figure's refresh
    ],
)
def test_while_the_places_are_taken_only_an_overdue_figure_is_refreshed(
    world, leader_client, slow, settings, monkeypatch, overdue, taken, refreshed
):
    """Every place taken (FIGURES_REFRESHING refreshes running elsewhere): a figure kept
    less than `overdue_after` waits for a later reader; one kept longer takes the place
    kept for the overdue, or a page read seldom would show old figures for as long as
    busier pages take the places."""
    settings.FIGURES_REFRESHING = 1
    url, shown, before = PAGES["campaign"]
    url = url(world)
    leader_client.get(url)
    one_more(world)
    for place in taken:  # another process's refresh
        caches["figures"].set(f"figures:refreshing:{place}", 1, 60)
    if overdue:
        monkeypatch.setattr(caching, "REFRESH_TAKES", -settings.FIGURES_REFRESH - 1)

    leader_client.get(url)  # served as kept; refreshed in the request if overdue

    response = leader_client.get(url)
    assert shown(response) == (before + 1 if refreshed else before)
    assert (response.context["figures_as_of"] is None) == refreshed


def test_the_note_is_in_english_for_a_reader_of_english(world, leader_client, slow):
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])
    leader_client.cookies["django_language"] = "en"
    leader_client.get(url)
    one_more(world)

    note = note_of(leader_client.get(url))

    assert NOTE_EN in note and "will show within about a minute" in note and NOTE_ZH not in note


def test_the_note_says_how_long_a_longer_refresh_takes(world, leader_client, slow, settings):
    """An office that refreshes its figures every five minutes (FIGURES_REFRESH=300) is
    told the records show within about six: the wait, and the half minute a refresh
    takes at a province's size."""
    settings.FIGURES_REFRESH = 300
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])
    notes = {}
    for language in ("zh-hans", "en"):  # each language's figures kept (a key each)
        leader_client.cookies["django_language"] = language
        leader_client.get(url)
    one_more(world)
    for language in ("zh-hans", "en"):
        leader_client.cookies["django_language"] = language
        notes[language] = note_of(leader_client.get(url))
    chinese, english = notes["zh-hans"], notes["en"]

    assert "约 6 分钟内显示" in chinese
    assert "will show within about 6 minutes" in english


@pytest.mark.parametrize("page", PAGES)
def test_a_fast_figure_is_computed_again_at_once_after_a_write(
    world, leader_client, figures_kept, settings, page
):
    settings.FIGURES_SLOW = 3600  # every figure fast
    url, shown, before = PAGES[page]
    url = url(world)
    leader_client.get(url)
    one_more(world)

    response = leader_client.get(url)

    assert (shown(response), response.context["figures_as_of"]) == (before + 1, None)
    assert note_of(response) is None


def test_a_figure_is_refreshed_at_most_once_per_figures_refresh(
    world, leader_client, slow, settings
):
    settings.FIGURES_REFRESH = 3600
    url, shown, before = PAGES["campaign"]
    url = url(world)
    leader_client.get(url)
    one_more(world, day=20)
    leader_client.get(url)  # served kept, refreshed
    assert shown(leader_client.get(url)) == before + 1

    one_more(world, day=21)  # within the hour: not refreshed again
    for _ in range(2):
        response = leader_client.get(url)
        assert shown(response) == before + 1 and NOTE_ZH in note_of(response)


def test_the_report_and_the_downloads_are_exact_whatever_the_dashboards_keep(
    world, leader_client, slow
):
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])
    leader_client.get(url)  # kept: 2

    one_more(world, day=20)
    printed = io.StringIO()
    call_command("campaign_report", world.campaign.slug, stdout=printed)
    assert json.loads(printed.getvalue())["activities"]["total"] == 3

    one_more(world, day=21)
    download = reverse("activities:campaign-report", args=[world.campaign.slug, "json"])
    assert json.loads(leader_client.get(download).content)["activities"]["total"] == 4

    one_more(world, day=22)
    assert campaign_figures(world.campaign)["activities"]["total"] == 5
    # What the report computed is current for the page too (its charts are still kept).
    assert leader_client.get(url).context["figures"]["activities"]["total"] == 5


def shown_now(client, url):
    response = client.get(url)
    assert response.context["figures_as_of"] is None
    return response.context["figures"]["activities"]["total"]


def campaign_kept_then_written(world, django_user_model):
    """The campaign page read (its figures kept), then one more activity written: the
    reader's client, the page, what it shows and the figure shown before the write. A
    reader of the whole province without a role: the roles may have gone with an earlier
    transactional test's flush."""
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader"))
    url, shown, before = PAGES["campaign"]
    url = url(world)
    client.get(url)
    one_more(world)
    return client, url, shown, before


@pytest.mark.django_db(transaction=True)
def test_on_a_served_site_the_refresh_runs_in_a_thread_of_its_own(
    world, figures_kept, settings, django_user_model
):
    settings.FIGURES_SLOW = 0  # refreshed in a thread, as on a served site
    settings.FIGURES_REFRESHING = 10  # the page's figures all at once
    leader_client, url, shown, before = campaign_kept_then_written(world, django_user_model)

    kept = leader_client.get(url)
    assert shown(kept) == before and kept.context["figures_as_of"] is not None
    caching.refreshed()  # the thread computed the figures again, in its own connection

    refreshed = leader_client.get(url)
    assert (shown(refreshed), refreshed.context["figures_as_of"]) == (before + 1, None)


@pytest.mark.django_db(transaction=True)
def test_the_processes_refresh_one_figure_at_a_time(
    world, figures_kept, settings, django_user_model
):
    """FIGURES_REFRESHING places: a page of several stale figures starts one refresh, the
    next reader the next one, until every figure is current again."""
    settings.FIGURES_SLOW, settings.FIGURES_REFRESHING = 0, 1
    leader_client, url, shown, before = campaign_kept_then_written(world, django_user_model)

    readers = 0
    while True:
        response = leader_client.get(url)
        assert len(caching._refreshing) <= 1
        caching.refreshed()
        if response.context["figures_as_of"] is None:
            break
        readers += 1
        assert readers < 20, "the figures were never all refreshed"
    assert readers > 1  # one figure at a time: the page reads several
    assert shown(response) == before + 1


CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_unreachable(settings, monkeypatch):
    """The figures' cache is a Redis that does not answer; this process has not tried it
    yet and owes it no version."""
    monkeypatch.setattr(caching, "_unreachable", {})
    monkeypatch.setattr(caching, "_owed", set())
    settings.CACHES = settings.CACHES | {
        "figures": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }


@pytest.mark.parametrize("page", PAGES)
def test_with_redis_unreachable_the_dashboards_compute_their_figures_and_warn(
    world, leader_client, redis_unreachable, caplog, page
):
    url, shown, before = PAGES[page]
    url = url(world)
    with caplog.at_level(logging.WARNING, logger="activities.caching"):
        response = leader_client.get(url)

    assert response.status_code == 200 and shown(response) == before
    (warning,) = [r for r in caplog.records if r.name == "activities.caching"]
    assert "did not answer" in warning.getMessage()

    one_more(world)  # a write, which cannot move the version on: saved all the same
    assert shown(leader_client.get(url)) == before + 1


def test_records_written_while_redis_did_not_answer_make_the_kept_figures_stale(
    world, leader_client, figures_kept, monkeypatch
):
    url, shown, before = PAGES["campaign"]
    url = url(world)
    leader_client.get(url)  # kept
    unreachable = {caching._location(): time.monotonic() + 3600}  # as after a failed look
    monkeypatch.setattr(caching, "_unreachable", unreachable)
    monkeypatch.setattr(caching, "_owed", set())

    one_more(world)
    assert shown(leader_client.get(url)) == before + 1  # computed: the cache is not asked

    unreachable.clear()  # it answers again: the version moves on before anything is read
    assert shown(leader_client.get(url)) == before + 1


@pytest.mark.parametrize("page", PAGES)
def test_after_keep_figures_the_pages_read_kept_figures(world, leader_client, figures_kept, page):
    url = PAGES[page][0](world)
    leader_client.get(reverse("activities:campaign-list"))  # the session's first renewal
    printed = io.StringIO()
    call_command("keep_figures", stdout=printed)
    assert "6 pages" in printed.getvalue()  # 3 tables of the campaign, the overview, 2 cities

    with CaptureQueriesContext(connection) as first:
        leader_client.get(url)
    with CaptureQueriesContext(connection) as again:
        leader_client.get(url)
    caches["figures"].clear()
    with CaptureQueriesContext(connection) as live:
        leader_client.get(url)

    assert len(first) == len(again) < len(live)


@pytest.mark.parametrize("page", PAGES)
def test_keep_figures_keeps_the_figures_of_each_limited_scope_too(
    world, staff_a_client, staff_b_client, django_user_model, figures_kept, page
):
    """Staff of a city read their city's figures, kept apart from the province's: the
    command draws the pages as one user of each scope (staff-a and a second user of
    娄底市's scope share theirs)."""
    login(django_user_model, "staff-a2", RoleName.STAFF, [world.area_a])
    url = PAGES[page][0](world)
    staff_a_client.get(reverse("activities:campaign-list"))  # the session's first renewal
    printed = io.StringIO()
    call_command("keep_figures", stdout=printed)
    # the province's 6 pages, then 娄底市's and 湘西州's scopes: 3 tables, the overview and
    # the page of their city each
    assert "16 pages" in printed.getvalue()

    with CaptureQueriesContext(connection) as first:
        staff_a_client.get(url)
    caches["figures"].clear()
    with CaptureQueriesContext(connection) as live:
        staff_a_client.get(url)

    assert len(first) < len(live)


def test_keep_figures_computes_exact_figures_after_a_write(world, leader_client, slow):
    url = reverse("activities:campaign-detail", args=[world.campaign.slug])
    leader_client.get(url)  # kept: 2
    one_more(world)

    call_command("keep_figures", stdout=io.StringIO())

    assert shown_now(leader_client, url) == 3


def test_after_a_restore_no_figure_kept_from_the_replaced_rows_is_served(
    world, leader_client, slow
):
    url, shown, before = PAGES["campaign"]
    url = url(world)
    leader_client.get(url)  # kept
    one_more(world)  # as if the archive restored had one more

    database_replaced.send(sender=None)  # what `restore` sends

    response = leader_client.get(url)
    assert (shown(response), response.context["figures_as_of"]) == (before + 1, None)


def test_a_figure_computed_under_an_older_version_does_not_replace_a_later_one(figures_kept):
    """A slow refresh that began before the last write ends after a faster computing of
    the figure under the new version: the later figure stays."""
    key = "figures:a-figure"
    caching._keep(key, caching.Kept("later", 8, time.time(), 1.0))
    caching._keep(key, caching.Kept("earlier", 7, time.time(), 1.0))
    assert caches["figures"].get(key).value == "later"
    caching._keep(key, caching.Kept("latest", 9, time.time(), 1.0))
    assert caches["figures"].get(key).value == "latest"
