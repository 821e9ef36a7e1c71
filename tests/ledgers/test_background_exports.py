"""Large exports in the background: past LEDGER_EXPORT_INLINE_ROWS records, the export
link queues an export, a worker writes its file, its requester downloads it.

As tests/ledgers/test_background.py does, these queue the tasks in the database
(django-tasks-db) and run them with the worker's own loop, on SQLite and on PostgreSQL
alike; the worker sees only committed rows, so these tests commit (and are flushed after).
"""

import datetime
import io
import os

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Profile
from ledgers import exports
from ledgers.models import ExportRecord
from representatives.models import Area

from .conftest import run_import
from .files import LEDGERS
from .test_background import DATABASE_TASKS, work

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def queued_in_the_database(settings):
    settings.TASKS = DATABASE_TASKS
    settings.LEDGER_EXPORT_INLINE_ROWS = 0  # every export goes to the worker


@pytest.fixture
def tallies(imported):
    imported("contacts")
    assert run_import("contacts", LEDGERS["contacts"]).ok


def person(username, *areas):
    """A signed-in user who may view contact tallies, scoped to `areas` (none: all)."""
    user = get_user_model().objects.create_user(username)
    user.user_permissions.set(Permission.objects.filter(codename="view_contacttally"))
    if areas:
        Profile.objects.create(user=user).areas.set(Area.objects.filter(name__in=areas))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def export(client, file_format="csv", **filters):
    return client.get(reverse("ledgers:export", args=["contacts", file_format]), filters)


def body(response):
    return b"".join(response.streaming_content)


def rows_of(data, file_format):
    if file_format == "csv":
        return data.decode("utf-8-sig").split("\r\n")
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.values)


def download(client, record):
    response = client.get(reverse("ledgers:export-file", args=[record.pk]))
    assert response.status_code == 200
    return body(response)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_export_is_queued_then_written_with_the_direct_exports_rows(
    tallies, settings, file_format
):
    clerk = person("clerk")

    response = export(clerk, file_format)

    record = ExportRecord.objects.get()
    task = DBTaskResult.objects.get()
    assert (response.status_code, response.url) == (302, record.get_absolute_url())
    assert (record.status, record.task_id, record.requested_by) == (
        "queued",
        str(task.id),
        clerk.user,
    )
    page = clerk.get(record.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "正在排队，等待后台进程写出文件。" in page

    work()

    record.refresh_from_db()
    assert (record.status, record.rows_written, record.records_total) == ("done", 2, 2)
    assert record.heartbeat is not None and record.finished_at is not None
    page = clerk.get(record.get_absolute_url()).content.decode()
    assert "http-equiv" not in page
    assert "下载" in page and reverse("ledgers:export-file", args=[record.pk]) in page
    settings.LEDGER_EXPORT_INLINE_ROWS = 5000
    direct = body(export(clerk, file_format))
    assert ExportRecord.objects.count() == 1  # the small export streamed, as before
    assert rows_of(download(clerk, record), file_format) == rows_of(direct, file_format)
    assert len(rows_of(direct, file_format)) >= 3


def test_the_filters_choose_the_rows_as_the_direct_export(tallies, settings):
    clerk = person("clerk")
    export(clerk, area=Area.objects.get(name="湘西州").pk)
    work()
    record = ExportRecord.objects.get()
    settings.LEDGER_EXPORT_INLINE_ROWS = 5000

    direct = body(export(clerk, area=Area.objects.get(name="湘西州").pk))

    assert download(clerk, record) == direct
    assert record.filters == {"area": str(Area.objects.get(name="湘西州").pk)}


def test_staff_of_one_area_get_only_its_rows(tallies):
    clerk = person("clerk-a", "娄底市")
    export(clerk)
    work()

    record = ExportRecord.objects.get()
    assert rows_of(download(clerk, record), "csv")[1:] == [
        "娄底市,2024-03-01,2024-06-30,spring,12000,350,1500000",
        "",
    ]
    assert record.rows_written == 1


def test_the_scope_is_the_one_the_user_has_when_the_file_is_written(tallies):
    clerk = person("clerk")
    export(clerk)  # queued while they see the whole province
    Profile.objects.create(user=clerk.user).areas.set(Area.objects.filter(name="娄底市"))

    work()

    record = ExportRecord.objects.get()
    assert [row.split(",")[0] for row in rows_of(download(clerk, record), "csv")[1:-1]] == [
        "娄底市"
    ]


def test_a_user_who_may_no_longer_view_the_records_gets_a_failed_export(tallies):
    clerk = person("clerk")
    export(clerk)
    clerk.user.user_permissions.clear()

    work()

    record = ExportRecord.objects.get()
    assert (record.status, record.file.name) == ("failed", "")
    assert record.failure == "PermissionDenied"
    assert "您已无权查看这些记录。" in clerk.get(record.get_absolute_url()).content.decode()


def test_only_the_requester_sees_the_export_and_each_download_is_logged(tallies):
    clerk, other = person("clerk"), person("other")
    export(clerk)
    work()
    record = ExportRecord.objects.get()

    assert other.get(record.get_absolute_url()).status_code == 404
    assert other.get(reverse("ledgers:export-file", args=[record.pk])).status_code == 404
    theirs = other.get(reverse("ledgers:export-list")).content.decode()
    assert (record.get_absolute_url() in theirs, "还没有导出。" in theirs) == (False, True)
    download(clerk, record)
    download(clerk, record)

    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert [(e.actor, e.additional_data["rows"], e.additional_data["path"]) for e in entries] == [
        (clerk.user, 2, "download")
    ] * 2
    mine = clerk.get(reverse("ledgers:export-list")).content.decode()
    assert record.get_absolute_url() in mine


def test_a_failure_leaves_the_export_failed_with_its_reason(tallies, monkeypatch):
    def broken(tallies):
        yield ["娄底市"]
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(exports.ROWS, "contacts", broken)
    clerk = person("clerk")
    export(clerk)

    work()

    record = ExportRecord.objects.get()
    assert (record.status, record.failure) == ("failed", "ZeroDivisionError: division by zero")
    assert (record.file.name, record.rows_written) == ("", 1)
    assert record.finished_at is not None
    page = clerk.get(record.get_absolute_url()).content.decode()
    assert "导出因错误中止（ZeroDivisionError: division by zero）。" in page
    assert clerk.get(reverse("ledgers:export-file", args=[record.pk])).status_code == 404


def test_the_progress_is_saved_while_the_file_is_written(tallies, monkeypatch):
    """Another connection (the page's) reads the rows written while the task writes."""
    seen = []
    rows = exports.ROWS["contacts"]

    def watched(tallies):
        outside = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            for row in rows(tallies):
                yield row
                with outside.cursor() as cursor:  # after the file took the row
                    cursor.execute(
                        "SELECT status, rows_written, records_total FROM ledgers_exportrecord"
                    )
                    seen.append(cursor.fetchone())
        finally:
            outside.close()

    monkeypatch.setitem(exports.ROWS, "contacts", watched)
    monkeypatch.setattr("ledgers.progress.ExportProgress.every", 0)
    export(person("clerk"))

    work()

    assert seen == [("running", 1, 2), ("running", 2, 2)]
    assert ExportRecord.objects.get().status == "done"


def test_a_late_second_run_of_the_task_writes_nothing(tallies):
    from ledgers.tasks import run_export

    export(person("clerk"))
    work()
    record = ExportRecord.objects.get()

    assert run_export.call(record.pk) is None
    assert ExportRecord.objects.get().file.name == record.file.name


def test_old_export_files_are_purged(tallies, settings):
    clerk = person("clerk")
    export(clerk)
    export(clerk, "xlsx")
    work()
    old, new = ExportRecord.objects.order_by("pk")
    ExportRecord.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=settings.LEDGER_EXPORT_KEEP_DAYS + 1)
    )
    path = old.file.path

    call_command("purge_uploads", stdout=io.StringIO())

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.file.name, bool(new.file.name)) == ("", True)
    assert not os.path.exists(path)
    assert clerk.get(reverse("ledgers:export-file", args=[old.pk])).status_code == 404
    assert "文件已删除" in clerk.get(old.get_absolute_url()).content.decode()
