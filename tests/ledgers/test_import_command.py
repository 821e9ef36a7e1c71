"""`manage.py import_records KIND FILE [--dry-run]`: what it prints, and exit status 1
with every bad row when the file is refused."""

import io

import pytest
from django.core.management import CommandError, call_command

from activities.models import ContactTally
from ledgers.models import ImportRecord

from .files import LEDGERS, changed, saved


def import_records(*args):
    """(what the command printed, the CommandError it raised or None)."""
    out = io.StringIO()
    try:
        call_command("import_records", *map(str, args), stdout=out)
    except CommandError as refusal:
        return out.getvalue(), refusal
    return out.getvalue(), None


def test_the_command_imports_and_prints_what_it_did(imported, tmp_path):
    imported("contacts")

    printed, refusal = import_records("contacts", saved(tmp_path, LEDGERS["contacts"], "gb18030"))

    assert (printed, refusal) == ("共读取 2 行。\n新建：联系群众统计 2\n", None)
    assert ContactTally.objects.count() == 2
    record = ImportRecord.objects.get()
    assert (record.user, record.kind, record.status) == (None, "contacts", "applied")


def test_the_command_exits_1_and_prints_every_bad_row(imported, tmp_path):
    imported("contacts")
    rows = changed(LEDGERS["contacts"], 1, "解决问题数", "-1")
    rows = changed(rows, 2, "结束日期", "六月")

    printed, refusal = import_records("contacts", saved(tmp_path, rows, "xlsx"))

    assert printed == (
        "共读取 2 行。\n"
        "第 2 行 · 解决问题数：-1 是负数。\n"
        "第 3 行 · 结束日期：“六月”不是日期（请写作 2021-05-12）。\n"
    )
    assert (refusal.returncode, str(refusal)) == (1, "2 处错误，全部未保存。")
    assert not ContactTally.objects.exists()
    assert ImportRecord.objects.get().status == "refused"


def test_the_command_exits_1_on_a_file_without_a_required_column(imported, tmp_path):
    imported("problems")
    rows = [row[:2] + row[3:] for row in LEDGERS["problems"]]  # no 问题

    printed, refusal = import_records("problems", saved(tmp_path, rows))

    assert "文件：文件缺少以下列：问题。" in printed.splitlines()
    assert refusal.returncode == 1


def test_a_dry_run_counts_but_saves_nothing(imported, tmp_path):
    imported("contacts")

    printed, refusal = import_records("contacts", saved(tmp_path, LEDGERS["contacts"]), "--dry-run")

    assert (printed, refusal) == (
        "共读取 2 行。\n新建：联系群众统计 2\n试运行，未保存任何内容。\n",
        None,
    )
    assert not ContactTally.objects.exists()


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as refusal:
        call_command("import_records", "contacts", str(tmp_path / "none.csv"))

    assert refusal.value.returncode == 1
    assert not ImportRecord.objects.exists()
