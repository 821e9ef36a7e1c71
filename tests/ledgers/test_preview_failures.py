"""A preview that fails leaves its record failed with the reason, never "previewed"."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from ledgers.contacts import ContactImporter
from ledgers.models import ImportRecord

from .conftest import database_state
from .files import LEDGERS, as_file
from .test_upload import confirm, upload


@pytest.fixture
def staff(staff_client, imported):
    imported("contacts")
    return staff_client


@pytest.fixture
def crashing_importer(monkeypatch):
    """An importer that meets a bug nobody has found yet, half way through its rows."""

    def crash(self, rows):
        raise RuntimeError("a bug nobody has found yet")

    monkeypatch.setattr(ContactImporter, "import_batch", crash)


def sent(user, status, *, minutes_ago=0, summary=None):
    """A contacts ledger `user` sent `minutes_ago`, left in `status`."""
    record = ImportRecord(
        user=user,
        kind="contacts",
        file_name="ledger.csv",
        status=status,
        summary=summary or {},
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    record.file.save("ledger.csv", ContentFile(as_file(LEDGERS["contacts"])[1]))
    return record


def test_a_preview_that_raises_leaves_the_record_failed_with_the_reason(staff, crashing_importer):
    response = upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    assert (response.status_code, response.url) == (302, record.get_absolute_url())
    assert (record.status, record.failure) == ("failed", "RuntimeError: a bug nobody has found yet")


def test_a_failed_preview_is_logged_with_its_traceback(staff, crashing_importer, caplog):
    upload(staff, LEDGERS["contacts"])

    (logged,) = [r for r in caplog.records if r.name == "ledgers.models"]
    assert (logged.levelname, logged.exc_info[0]) == ("ERROR", RuntimeError)


def test_a_failed_preview_shows_the_reason_and_no_confirm_button(staff, crashing_importer):
    upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()

    page = staff.get(record.get_absolute_url()).content.decode()

    assert "检查因意外错误中止（RuntimeError: a bug nobody has found yet）" in page
    assert reverse("ledgers:import-confirm", args=[record.pk]) not in page


def test_an_import_that_raises_on_confirm_saves_nothing_and_fails(staff, monkeypatch):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()
    before = database_state()
    monkeypatch.setattr(ContactImporter, "finish", lambda self: 1 / 0)

    response = confirm(staff, record)

    record.refresh_from_db()
    assert (response.status_code, record.status) == (302, "failed")
    assert database_state() == before


def test_a_check_silent_too_long_is_stored_and_shown_as_failed(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    record = sent(staff.user, "checking", minutes_ago=6)

    page = staff.get(record.get_absolute_url()).content.decode()

    assert "检查未完成（后台进程已停止）：未保存任何内容。" in page
    assert reverse("ledgers:import-confirm", args=[record.pk]) not in page


def test_a_check_silent_too_long_shows_as_failed_in_the_history(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    sent(staff.user, "checking", minutes_ago=6)

    page = staff.get(reverse("ledgers:import-history")).content.decode()

    assert '<td class="nowrap">失败</td>' in page


def test_a_check_that_gave_a_sign_of_life_lately_shows_as_checking(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    record = sent(staff.user, "checking", minutes_ago=60)
    record.heartbeat = timezone.now() - datetime.timedelta(minutes=4)
    record.save()

    page = staff.get(record.get_absolute_url()).content.decode()

    assert "<strong>检查中</strong>" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    record.refresh_from_db()
    assert record.status == "checking"


def test_a_previewed_record_without_a_report_cannot_be_confirmed(staff):
    record = sent(staff.user, "previewed", summary={})
    before = database_state()

    response = confirm(staff, record)

    record.refresh_from_db()
    assert (response.status_code, record.status) == (302, "previewed")
    assert database_state() == before


def test_a_record_still_checking_cannot_be_confirmed(staff):
    record = sent(staff.user, "checking")
    before = database_state()

    confirm(staff, record)

    record.refresh_from_db()
    assert record.status == "checking"
    assert database_state() == before


def test_the_command_reports_an_unexpected_error_and_exits_1(areas, tmp_path, crashing_importer):
    path = tmp_path / "ledger.csv"
    path.write_bytes(as_file(LEDGERS["contacts"])[1])

    with pytest.raises(CommandError) as refused:
        call_command("import_records", "contacts", str(path))

    assert refused.value.returncode == 1
    assert ImportRecord.objects.get().status == "failed"
