"""A backup of the demo office, restored after changes, gives back the office it saved:
every campaign figure, every table's row count, every ledger row and every uploaded file.

The round trip runs once for the module, outside any test transaction (a restore
replaces the tables under the test's connection); the module's last act restores the
test database as it found it, so the tests that follow see it unchanged.
"""

from dataclasses import dataclass

import pytest
from django.test import override_settings

from activities.demo import SLUG
from activities.models import Activity, Attendance, Campaign, ContactTally, Problem
from ledgers.models import ImportRecord
from tests.ledgers.conftest import database_state

from .conftest import SAMPLE_FILES, SAMPLES, campaign_reports, command, media_contents, table_counts

# Among the database tests, which run before the transactional ones: a transactional
# test's flush removes the roles the demo's users are given.
pytestmark = pytest.mark.django_db


@dataclass
class Office:
    figures: dict
    counts: dict
    rows: dict
    files: dict


def office(media_root):
    return Office(campaign_reports(), table_counts(), database_state(), media_contents(media_root))


def change_things(media_root):
    """What a bad afternoon does: attendance deleted, a problem added, a tally changed, an
    uploaded ledger deleted and another one sent."""
    campaign = Campaign.objects.get(slug=SLUG)
    activity = Activity.objects.filter(campaign=campaign).order_by("pk").first()
    Attendance.objects.filter(activity=activity).delete()
    Problem.objects.create(activity=activity, title="路灯不亮", status=Problem.Status.RESOLVED)
    tally = ContactTally.objects.filter(campaign=campaign).order_by("pk").first()
    tally.person_times += 1000
    tally.save()
    ImportRecord.objects.order_by("pk").first().file.delete(save=False)
    (media_root / "imports" / "after-the-backup.csv").write_text("单位\n", encoding="utf-8")


@dataclass
class RoundTrip:
    before: Office
    changed: Office
    after: Office
    restored: str


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups")
    media_root = folder / "media"
    as_found = folder / "as-found.tar.gz"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        command("backup", "--output", as_found)
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            command("load_demo", "--force")  # the tests run with DEBUG off
            for kind, name in SAMPLE_FILES:
                command("import_records", kind, SAMPLES / name)
            before = office(media_root)
            command("backup", "--output", folder / "office.tar.gz")
            change_things(media_root)
            changed = office(media_root)
            restored = command("restore", folder / "office.tar.gz", "--yes")
            after = office(media_root)
        yield RoundTrip(before, changed, after, restored)
    finally:  # even when the round trip fails, the tests that follow find what they expect
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            command("restore", as_found, "--yes")


def test_restore_gives_back_every_campaign_figure(round_trip):
    assert round_trip.changed.figures != round_trip.before.figures

    assert round_trip.after.figures == round_trip.before.figures


def test_restore_gives_back_every_tables_row_count(round_trip):
    assert round_trip.changed.counts != round_trip.before.counts

    assert round_trip.after.counts == round_trip.before.counts


def test_restore_gives_back_every_row_of_the_ledger_tables(round_trip):
    assert round_trip.changed.rows != round_trip.before.rows

    assert round_trip.after.rows == round_trip.before.rows


def test_restore_gives_back_the_uploaded_files_as_they_were(round_trip):
    assert round_trip.changed.files.keys() != round_trip.before.files.keys()
    assert len(round_trip.before.files) == len(SAMPLE_FILES)

    assert round_trip.after.files == round_trip.before.files


def test_restore_says_it_checked_what_it_restored_against_the_manifest(round_trip):
    rows = sum(round_trip.before.counts.values())

    assert f"已恢复：{len(round_trip.before.counts)} 张表共 {rows} 行" in round_trip.restored
