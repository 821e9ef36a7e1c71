"""`backup` and `restore` as an administrator meets them: where the archive goes, what it
holds, and every refusal, each leaving the database and the uploaded files unchanged."""

import io
import json
import stat
import tarfile
from types import SimpleNamespace

import pytest
from django.core.management import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from backups import archive, postgresql

from .conftest import command, media_contents, table_counts

UPLOAD = "imports/2024/03/联系群众统计.csv"
# Among the database tests, which run before the transactional ones: a transactional
# test's flush removes the roles the manifest is expected to count.
pytestmark = pytest.mark.django_db

OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]


@pytest.fixture(scope="module")
def backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """An archive of the test database and one uploaded file: (its path, what backup said)."""
    folder = tmp_path_factory.mktemp("backup")
    upload = folder / "media" / UPLOAD
    upload.parent.mkdir(parents=True)
    upload.write_text("单位,开始日期\n娄底市,2024-03-01\n", encoding="utf-8")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        printed = command("backup", "--output", folder / "office.tar.gz")
    return SimpleNamespace(path=folder / "office.tar.gz", printed=printed)


def rewritten(source, target, change_manifest=None, change_member=None):
    """A copy of the archive `source` at `target`, its manifest and members changed."""
    with tarfile.open(source) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    manifest = json.loads(members.pop(archive.MANIFEST))
    if change_manifest:
        change_manifest(manifest)
    if change_member:
        members = dict(change_member(members))
    with tarfile.open(target, "w:gz") as tar:
        for name, data in [(archive.MANIFEST, json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def refusal(*args):
    with pytest.raises(CommandError) as refused:
        command(*args)
    return str(refused.value)


@pytest.fixture
def office_as_it_is(settings):
    """The database's row counts and the uploaded files, to check a refusal changed neither."""
    upload = settings.MEDIA_ROOT / "imports" / "mine.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("mine", encoding="utf-8")

    def now():
        return table_counts(), media_contents(settings.MEDIA_ROOT)

    return now


def test_backup_says_where_it_wrote_the_archive(backup):
    assert backup.printed.startswith(f"备份已写入 {backup.path}（")


def test_the_archive_holds_the_manifest_the_database_and_the_uploaded_files(backup):
    with tarfile.open(backup.path) as tar:
        names = tar.getnames()

    database = archive.DATABASE_FILES[connection.vendor]
    assert names == [archive.MANIFEST, database, f"media/{UPLOAD}"]


def test_the_manifest_says_when_which_engine_and_how_many_rows_of_each_table(backup):
    manifest = archive.read_manifest(backup.path)

    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["tables"]["auth_group"] == 5  # the five roles
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["accounts"] == sorted(
        name for app, name in applied if app == "accounts"
    )
    assert "0001_initial" in manifest["migrations"]["accounts"]
    assert [item["path"] for item in manifest["media"]] == [UPLOAD]


def test_the_archive_is_readable_by_its_owner_only(backup):
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600


def test_backup_dry_run_says_what_it_would_write_and_writes_nothing(tmp_path):
    printed = command("backup", "--dry-run", "--output", tmp_path)

    assert f"将写入 {tmp_path}/lianluo-" in printed
    assert printed.endswith("试运行：未写入任何文件。\n")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_previous_archive_and_leaves_no_partial_file(tmp_path):
    target = tmp_path / "office.tar.gz"
    target.write_bytes(b"the last good backup")
    database = tmp_path / "work" / "database.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"pages")
    manifest = {"database": {"file": database.name}, "media": [{"path": "gone.csv"}]}

    with pytest.raises(FileNotFoundError):
        archive.write(target, manifest, database, tmp_path / "media")

    assert target.read_bytes() == b"the last good backup"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["office.tar.gz", "work"]


def test_backup_refuses_to_run_inside_a_transaction(tmp_path):
    assert refusal("backup", "--output", tmp_path) == "备份或恢复不能在事务中进行。"
    assert list(tmp_path.iterdir()) == []


def test_restore_dry_run_says_what_it_would_replace_and_replaces_nothing(backup, office_as_it_is):
    before = office_as_it_is()

    printed = command("restore", backup.path, "--dry-run")

    assert "此操作将用" in printed
    assert "并用备份中的 1 个文件替换" in printed
    assert printed.endswith("试运行：备份文件完好，未替换任何内容。\n")
    assert office_as_it_is() == before


def test_restore_refuses_without_yes_when_it_cannot_ask(backup, office_as_it_is):
    before = office_as_it_is()

    assert refusal("restore", backup.path) == "未恢复任何内容：确认替换请加 --yes。"
    assert office_as_it_is() == before


def test_restore_asks_and_takes_anything_but_yes_as_no(backup, office_as_it_is, monkeypatch):
    before = office_as_it_is()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")

    assert refusal("restore", backup.path) == "未恢复任何内容：确认替换请加 --yes。"
    assert office_as_it_is() == before


def test_restore_refuses_an_archive_from_another_engine(backup, office_as_it_is, tmp_path):
    before = office_as_it_is()

    def other_engine(manifest):
        manifest["database"]["engine"] = OTHER_ENGINE
        manifest["database"]["file"] = archive.DATABASE_FILES[OTHER_ENGINE]
        manifest["database"]["pg_dump"] = "pg_dump (PostgreSQL) 15.20"

    other = rewritten(backup.path, tmp_path / "other.tar.gz", change_manifest=other_engine)

    message = refusal("restore", other, "--yes")
    assert message.startswith("此备份中是 ")
    assert "dumpdata" in message
    assert office_as_it_is() == before


def test_restore_refuses_an_archive_from_a_later_version(backup, office_as_it_is, tmp_path):
    before = office_as_it_is()

    def later(manifest):
        manifest["migrations"]["activities"].append("9999_from_the_future")

    newer = rewritten(backup.path, tmp_path / "newer.tar.gz", change_manifest=later)

    message = refusal("restore", newer, "--yes")
    assert "含有本版本没有的迁移：activities.9999_from_the_future" in message
    assert office_as_it_is() == before


def test_restore_refuses_a_damaged_archive(backup, office_as_it_is, tmp_path):
    before = office_as_it_is()

    def damage(members):
        for name, data in members.items():
            yield name, data.replace("娄底市".encode(), "湘西州".encode())

    damaged = rewritten(backup.path, tmp_path / "damaged.tar.gz", change_member=damage)

    message = refusal("restore", damaged, "--yes")
    assert message == f"{damaged} 已损坏：media/{UPLOAD} 与清单不符。"
    assert office_as_it_is() == before


def test_restore_refuses_an_archive_cut_short(backup, office_as_it_is, tmp_path):
    before = office_as_it_is()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.path.read_bytes()[: backup.path.stat().st_size // 2])

    assert refusal("restore", cut, "--yes") == f"{cut} 已损坏：文件不完整。"
    assert office_as_it_is() == before


def test_restore_refuses_an_archive_naming_a_file_outside_the_media_folder(backup, tmp_path):
    def escape(manifest):
        manifest["media"][0]["path"] = "../../etc/cron.d/lianluo"

    escaping = rewritten(backup.path, tmp_path / "escaping.tar.gz", change_manifest=escape)

    message = refusal("restore", escaping, "--yes")
    assert message.endswith("列出了上传文件目录以外的文件：../../etc/cron.d/lianluo")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    ledger = tmp_path / "contacts.csv"
    ledger.write_text("单位,开始日期\n", encoding="utf-8")

    assert refusal("restore", ledger, "--yes") == f"{ledger} 不是联络系统的备份文件。"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL")
def test_backup_names_the_missing_pg_dump_and_pg_bin(settings, tmp_path):
    settings.PG_BIN = str(tmp_path)

    message = refusal("backup", "--dry-run", "--output", tmp_path)

    assert message.startswith("找不到 pg_dump：请安装 PostgreSQL ")
    assert "PG_BIN" in message


def test_the_password_reaches_pg_dump_through_the_environment_only():
    database = SimpleNamespace(
        settings_dict={
            "NAME": "lianluo",
            "HOST": "db",
            "PORT": 5432,
            "USER": "lianluo",
            "PASSWORD": "s3cret",
            "OPTIONS": {"sslmode": "require"},
        }
    )

    arguments = postgresql.arguments(database)
    environment = postgresql.environment(database)

    assert arguments == [
        "--host=db", "--port=5432", "--username=lianluo", "--no-password", "--dbname=lianluo",
    ]  # fmt: skip
    assert (environment["PGPASSWORD"], environment["PGSSLMODE"]) == ("s3cret", "require")
