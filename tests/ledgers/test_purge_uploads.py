"""purge_uploads: the files of imports that saved nothing go after some days; the files
of applied imports, and of recent ones, stay; the records stay."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from ledgers.models import ImportRecord


def sent(status, days_ago):
    record = ImportRecord(
        kind="contacts",
        file_name=f"{status}.csv",
        status=status,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    record.file.save(f"{status}.csv", ContentFile(b"x"))
    return record


def purge(*args):
    out = io.StringIO()
    call_command("purge_uploads", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("status", ["refused", "failed", "previewed"])
def test_old_files_of_imports_that_saved_nothing_are_deleted(db, settings, status):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent(status, days_ago=31)
    name, storage = record.file.name, record.file.storage

    purge()

    record.refresh_from_db()
    assert (record.file.name, record.status) == ("", status)
    assert not storage.exists(name)


def test_files_of_applied_imports_are_kept(db, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent("applied", days_ago=400)

    purge()

    record.refresh_from_db()
    assert record.file.storage.exists(record.file.name)


def test_recent_files_are_kept(db, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent("refused", days_ago=29)

    purge()

    record.refresh_from_db()
    assert record.file.storage.exists(record.file.name)


def test_days_on_the_command_line_override_the_setting(db, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent("refused", days_ago=8)

    purge("--days", "7")

    record.refresh_from_db()
    assert record.file.name == ""


def test_a_dry_run_lists_the_files_and_deletes_nothing(db, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent("refused", days_ago=31)

    out = purge("--dry-run")

    record.refresh_from_db()
    assert record.file.storage.exists(record.file.name)
    assert record.file.name in out
    assert "1 files would be deleted" in out


def test_an_old_check_whose_worker_died_is_failed_and_its_file_deleted(db, settings):
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent("checking", days_ago=31)
    name, storage = record.file.name, record.file.storage

    purge()

    record.refresh_from_db()
    assert (record.file.name, record.status) == ("", "failed")
    assert not storage.exists(name)


@pytest.mark.parametrize("status", ["queued", "importing"])
def test_files_of_imports_queued_or_running_are_kept_however_old(db, settings, status):
    """A preview sent long ago and confirmed today: its import needs the file."""
    settings.LEDGER_UPLOAD_KEEP_DAYS = 30
    record = sent(status, days_ago=31)
    record.heartbeat = timezone.now()
    record.save()

    purge()

    record.refresh_from_db()
    assert (record.status, record.file.storage.exists(record.file.name)) == (status, True)
