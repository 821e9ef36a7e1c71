"""Imports in the background: the upload queues its check, a worker runs it.

These tests run the tasks as an office's server on PostgreSQL does: queued in the database
(django-tasks-db) and run by its worker's own loop (`manage.py db_worker --batch`, here in
the test's process), against the real database, on SQLite and on PostgreSQL alike. The
worker sees only committed rows, so these tests commit (and are flushed after). Every
other test of the pages runs the tasks in the request (the immediate backend, chosen in
tests/conftest.py), as the embedded SQLite does by default.
"""

import csv
import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from ledgers.columns import ROSTER as ROSTER_LAYOUT
from ledgers.contacts import ContactImporter
from ledgers.models import ImportRecord
from ledgers.progress import RecordProgress
from ledgers.tasks import run_import
from representatives.models import Group, Representative

from .conftest import database_state
from .files import LEDGERS, as_file
from .test_upload import confirm, upload

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def queued_in_the_database(settings):
    settings.TASKS = DATABASE_TASKS


def work():
    """What `manage.py db_worker --batch` does: run every queued task, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def person(username, *codenames):
    """A signed-in user with these permissions of the ledgers (the roles' own may have
    gone with an earlier transactional test's flush)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff(imported):
    imported("contacts")
    return person("clerk", "import_ledgers", "view_importrecord")


def roster(count):
    """A roster of `count` rows of the test's two cities, one member a row."""
    rows = [ROSTER_LAYOUT.headers]
    for n in range(count):
        city = ["娄底市", "湘西州"][n % 2]
        rows.append([f"HNB{n:06d}", f"代表{n}", "男", "汉族", "中共党员", "省", city,
                     f"{city}第{n % 50 + 1}代表小组", "2023-01-15", "", "否", "职务"])  # fmt: skip
    return rows


def test_an_upload_is_queued_and_the_request_returns_before_any_check(staff):
    before = database_state()

    response = upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    task = DBTaskResult.objects.get()
    assert (response.status_code, response.url) == (302, record.get_absolute_url())
    assert (record.status, record.attempt, record.task_id) == ("queued", 1, str(task.id))
    assert (task.status, task.args_kwargs["args"]) == ("READY", [record.pk, 1])
    assert database_state() == before
    page = staff.get(record.get_absolute_url()).content.decode()
    assert "<strong>排队中</strong>" in page
    assert "正在排队，等待后台进程检查文件。" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_worker_checks_the_file_then_imports_it_once_confirmed(staff):
    before = database_state()
    upload(staff, LEDGERS["contacts"])

    work()

    record = ImportRecord.objects.get()
    assert record.status == "previewed"
    assert (record.rows_read, record.rows_total, record.rows_checked) == (2, 2, 2)
    assert record.rows_written == 0  # a check writes nothing
    assert record.heartbeat is not None
    assert database_state() == before
    page = staff.get(record.get_absolute_url()).content.decode()
    assert "http-equiv" not in page  # done: the page no longer refreshes itself

    confirm(staff, record)
    record.refresh_from_db()
    assert (record.status, record.attempt) == ("queued", 2)
    assert record.confirmed_at is not None
    assert database_state() == before

    work()

    record.refresh_from_db()
    assert record.status == "applied"
    assert (record.rows_checked, record.rows_written) == (2, 2)
    assert list(record.summary["created"].values()) == [2]
    assert database_state() != before
    assert set(DBTaskResult.objects.values_list("status", "return_value")) == {
        ("SUCCESSFUL", "previewed"),
        ("SUCCESSFUL", "applied"),
    }


def test_a_large_roster_is_read_checked_and_written_with_its_figures(areas):
    admin = person("registrar", "import_rosters", "view_importrecord")
    upload(admin, roster(2500), kind="roster")  # two batches
    work()
    record = ImportRecord.objects.get()
    assert (record.status, record.rows_total, record.rows_checked) == ("previewed", 2500, 2500)

    confirm(admin, record)
    work()

    record.refresh_from_db()
    assert (record.status, record.rows_written) == ("applied", 2500)
    assert Representative.objects.count() == 2500
    assert Group.objects.count() == 50  # 25 a city


def test_the_progress_is_seen_while_the_import_transaction_is_open(staff):
    record = ImportRecord.objects.create(
        user=staff.user, kind="contacts", file_name="ledger.csv", status="importing", attempt=1
    )
    progress = RecordProgress(record)
    progress.every = 0  # every figure, not one a second
    outside = connections.create_connection(DEFAULT_DB_ALIAS)  # another reader
    try:
        progress.update(rows_read=1000)  # reading the file, before the import's transaction
        record.refresh_from_db()
        assert (record.rows_read, record.heartbeat is not None) == (1000, True)
        with transaction.atomic():
            Representative.objects.filter(code="HN1").update(name="改名")  # an import's write
            progress.update(rows_read=6000, rows_total=6000, rows_checked=4000, rows_written=2000)
            with outside.cursor() as cursor:
                cursor.execute(
                    "SELECT rows_checked, rows_written, heartbeat IS NOT NULL "
                    "FROM ledgers_importrecord WHERE id = %s",
                    [record.pk],
                )
                seen = cursor.fetchone()
            transaction.set_rollback(True)
    finally:
        progress.close()
        outside.close()

    if POSTGRESQL:  # written through a connection of its own, committed at once
        assert seen == (4000, 2000, True)
    else:  # SQLite has one writer: inside the import's transaction the figures wait
        assert seen == (0, 0, True)


@pytest.fixture
def failing_after_the_writes(monkeypatch):
    """An import that meets a bug after it has written every batch, before it commits."""

    def finish(self):
        raise RuntimeError("a bug after the writes")

    monkeypatch.setattr(ContactImporter, "finish", finish)


def test_a_task_that_raises_mid_write_leaves_every_table_unchanged(staff, monkeypatch):
    upload(staff, LEDGERS["contacts"])
    work()
    record = ImportRecord.objects.get()
    confirm(staff, record)
    before = database_state()
    monkeypatch.setattr(ContactImporter, "finish", lambda self: 1 / 0)

    work()

    record.refresh_from_db()
    assert (record.status, record.failure) == ("failed", "ZeroDivisionError: division by zero")
    assert database_state() == before
    page = staff.get(record.get_absolute_url()).content.decode()
    assert "导入因意外错误中止（ZeroDivisionError: division by zero）：未保存任何内容。" in page
    assert "重新导入" in page  # the retry button


def test_a_failed_import_is_retried_and_imports(staff, monkeypatch):
    upload(staff, LEDGERS["contacts"])
    work()
    record = ImportRecord.objects.get()
    confirm(staff, record)
    with monkeypatch.context() as patched:
        patched.setattr(ContactImporter, "finish", lambda self: 1 / 0)
        work()
    before = database_state()

    response = staff.post(reverse("ledgers:import-retry", args=[record.pk]))

    record.refresh_from_db()
    assert (response.status_code, record.status, record.attempt) == (302, "queued", 3)
    assert (record.failure, record.rows_written) == ("", 0)
    work()
    record.refresh_from_db()
    assert record.status == "applied"
    assert database_state() != before
    # The first import's task, run again (a second worker, a late delivery), does nothing.
    assert run_import.call(record.pk, 2) is None


def test_a_running_import_silent_too_long_reads_and_is_stored_as_failed(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    record = ImportRecord.objects.create(
        user=staff.user,
        kind="contacts",
        file_name="ledger.csv",
        status="importing",
        attempt=2,
        confirmed_at=timezone.now(),
        heartbeat=timezone.now() - datetime.timedelta(minutes=6),
    )
    record.file.save("ledger.csv", ContentFile(as_file(LEDGERS["contacts"])[1]))

    page = staff.get(record.get_absolute_url()).content.decode()
    assert "<strong>失败</strong>" in page
    assert "导入未完成（后台进程已停止）：未保存任何内容。" in page
    assert "http-equiv" not in page

    upload(staff, LEDGERS["contacts"])  # the next upload, or any task, stores it so
    record.refresh_from_db()
    assert (record.status, record.failure) == ("failed", "")

    staff.post(reverse("ledgers:import-retry", args=[record.pk]))
    work()
    record.refresh_from_db()
    assert (record.status, record.attempt) == ("applied", 3)


def test_a_running_import_that_gave_a_sign_of_life_lately_is_left_running(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    record = ImportRecord.objects.create(
        user=staff.user,
        kind="contacts",
        file_name="ledger.csv",
        status="importing",
        attempt=1,
        heartbeat=timezone.now() - datetime.timedelta(minutes=4),
    )

    response = staff.post(reverse("ledgers:import-retry", args=[record.pk]))

    record.refresh_from_db()
    assert (response.status_code, record.status, record.attempt) == (302, "importing", 1)


def test_a_task_the_queue_reports_failed_fails_its_import(staff):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()
    # The worker's own bookkeeping of a task it could not run.
    DBTaskResult.objects.get().set_failed(ImportError("no module named ledgers.tasks"))

    staff.post(reverse("ledgers:import-retry", args=[record.pk]))

    record.refresh_from_db()
    assert (record.status, record.attempt) == ("queued", 2)  # read as failed, so retried
    work()
    record.refresh_from_db()
    assert record.status == "previewed"


def test_the_queue_reports_a_failed_task_to_its_record():
    staff = person("clerk", "import_ledgers", "view_importrecord")
    record = ImportRecord(user=staff.user, kind="contacts", file_name="ledger.csv")
    record.file.save("ledger.csv", ContentFile(as_file(LEDGERS["contacts"])[1]), save=False)
    record.queue()
    record.send()
    DBTaskResult.objects.get().set_failed(ImportError("no module named ledgers.tasks"))

    ImportRecord.objects.settle()

    record.refresh_from_db()
    assert record.status == "failed"
    assert record.failure == "builtins.ImportError (the worker's task)"


def test_only_whoever_may_confirm_an_import_retries_it(staff, monkeypatch):
    monkeypatch.setattr(ContactImporter, "finish", lambda self: 1 / 0)
    upload(staff, LEDGERS["contacts"])
    work()
    record = ImportRecord.objects.get()
    assert record.status == "failed"
    retry = reverse("ledgers:import-retry", args=[record.pk])
    colleague = person("colleague", "import_ledgers", "view_importrecord")
    reader = person("reader", "view_importrecord")

    assert Client().post(retry).status_code == 302  # to the login page
    assert reader.post(retry).status_code == 403  # no right to import
    assert colleague.post(retry).status_code == 404  # not theirs to confirm
    assert colleague.get(record.get_absolute_url()).status_code == 200
    assert "重新检查" not in colleague.get(record.get_absolute_url()).content.decode()
    assert staff.get(retry).status_code == 405
    record.refresh_from_db()
    assert (record.status, record.attempt, DBTaskResult.objects.count()) == ("failed", 1, 1)
    assert "重新检查" in staff.get(record.get_absolute_url()).content.decode()


def test_a_retry_of_an_import_not_failed_does_nothing(staff):
    upload(staff, LEDGERS["contacts"])
    work()
    record = ImportRecord.objects.get()

    staff.post(reverse("ledgers:import-retry", args=[record.pk]))

    record.refresh_from_db()
    assert (record.status, record.attempt, DBTaskResult.objects.count()) == ("previewed", 1, 1)


def test_the_history_shows_queued_running_done_and_failed(staff, settings):
    settings.LEDGER_TASK_STALE_MINUTES = 5
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    for status, heartbeat in [
        ("queued", None),
        ("checking", timezone.now()),
        ("applied", long_ago),
        ("failed", long_ago),
        ("importing", long_ago),  # its worker killed: failed
    ]:
        ImportRecord.objects.create(
            user=staff.user,
            kind="contacts",
            file_name=f"{status}.csv",
            status=status,
            heartbeat=heartbeat,
            rows_total=10 if heartbeat else None,
            rows_checked=4 if heartbeat else 0,
        )

    page = staff.get(reverse("ledgers:import-history")).content.decode()

    statuses = [
        cell.split("</td>")[0] for cell in page.split('<td class="nowrap">')[1:] if "-" not in cell
    ]
    assert "排队中" in statuses
    assert "检查中 (40%)" in statuses
    assert "已导入" in statuses
    assert statuses.count("失败") == 2


def test_on_the_immediate_backend_the_request_checks_the_file(staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    assert (record.status, record.rows_checked) == ("previewed", 2)
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({"DATABASE_URL": "sqlite:///x.db"}, "django_tasks.backends.immediate.ImmediateBackend"),
        ({"DATABASE_URL": "postgres://u@h/n"}, "django_tasks_db.DatabaseBackend"),
        (
            {"DATABASE_URL": "sqlite:///x.db", "TASKS_BACKEND": "database"},
            "django_tasks_db.DatabaseBackend",
        ),
        (
            {"DATABASE_URL": "postgres://u@h/n", "TASKS_BACKEND": "immediate"},
            "django_tasks.backends.immediate.ImmediateBackend",
        ),
    ],
)
def test_the_settings_choose_the_backend_by_the_database(monkeypatch, environment, backend):
    import runpy

    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    chosen = runpy.run_path(str(ROOT / "lianluo" / "settings.py"))

    assert chosen["TASKS"]["default"]["BACKEND"] == backend


@pytest.mark.heavy  # a worker in a process of its own, killed half way through an import
@pytest.mark.skipif(
    not POSTGRESQL, reason="the test database of SQLite lives in memory, out of a worker's reach"
)
def test_a_worker_killed_mid_import_leaves_every_table_unchanged_and_the_import_failed(
    areas, settings
):
    admin = person("registrar", "import_rosters", "view_importrecord")
    upload(admin, roster(20_000), kind="roster")  # about ten seconds of writing
    work()  # the check, here
    record = ImportRecord.objects.get()
    assert record.status == "previewed", record.summary
    confirm(admin, record)
    before = database_state()
    database = connection.settings_dict  # the test database, as this process reaches it
    login = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "database",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until it has written some rows, not all
            record.refresh_from_db()
            if record.rows_written or (record.status != "importing" and record.status != "queued"):
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    record.refresh_from_db()
    assert record.status == "importing", record.status  # killed before it could finish
    assert 0 < record.rows_written < 20_000
    assert database_state() == before

    settings.LEDGER_TASK_STALE_MINUTES = 0  # its silence is long enough at once
    page = admin.get(record.get_absolute_url()).content.decode()
    assert "导入未完成（后台进程已停止）：未保存任何内容。" in page
    admin.post(reverse("ledgers:import-retry", args=[record.pk]))
    record.refresh_from_db()
    assert (record.status, record.attempt) == ("queued", 3)
    settings.LEDGER_TASK_STALE_MINUTES = 5
    work()
    record.refresh_from_db()
    assert (record.status, Representative.objects.count()) == ("applied", 20_000)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_import_command_draws_a_progress_bar_on_a_terminal(areas, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(as_file(roster(3000))[1])
    terminal, output = Terminal(), io.StringIO()

    call_command("import_records", "roster", str(path), stdout=output, stderr=terminal)

    drawn = terminal.getvalue()
    assert drawn.startswith("\r")
    assert "[" + "#" * 30 + "] 已检查 3000/3000 行，已写入 3000 行" in drawn
    assert drawn.endswith("\n")
    assert "3000 行" in output.getvalue()  # the report, on stdout as before


def test_the_import_command_prints_nothing_more_when_not_on_a_terminal(areas, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(as_file(roster(30))[1])
    errors = io.StringIO()

    call_command("import_records", "roster", str(path), stdout=io.StringIO(), stderr=errors)

    assert errors.getvalue() == ""


def test_the_export_command_draws_a_progress_bar_on_a_terminal(areas, tmp_path):
    source = tmp_path / "roster.csv"
    source.write_bytes(as_file(roster(40))[1])
    call_command("import_records", "roster", str(source), stdout=io.StringIO())
    terminal, target = Terminal(), tmp_path / "out.csv"

    call_command("export_records", "roster", str(target), stdout=io.StringIO(), stderr=terminal)

    assert "[" + "#" * 30 + "] 已写出 40/40 行" in terminal.getvalue()
    with target.open(encoding="utf-8-sig") as exported:
        assert len(list(csv.reader(exported))) == 41
    quiet = io.StringIO()
    call_command("export_records", "roster", str(target), stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_the_readme_starts_the_worker_beside_gunicorn():
    readme = (Path(django_settings.BASE_DIR) / "README.md").read_text()
    office = readme.split("## Run it in an office")[1].split("\n## ")[0]
    assert "gunicorn lianluo.wsgi" in office
    assert "manage.py db_worker" in office


def test_on_the_immediate_backend_a_task_that_cannot_run_fails_its_import(
    staff, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def broken(cls, pk, attempt):
        raise LookupError("the claim itself failed")

    monkeypatch.setattr(ImportRecord, "run_queued", classmethod(broken))

    upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    assert (record.status, record.failure) == ("failed", "builtins.LookupError (the worker's task)")
