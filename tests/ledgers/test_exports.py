"""Exports: they re-import unchanged, never run a formula, and stream in flat memory."""

import csv
import datetime
import io
import tracemalloc

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, Campaign
from ledgers.exports import ledger
from ledgers.writing import csv_chunks, write_xlsx

pytestmark = pytest.mark.django_db

KINDS = ["roster", "campaigns", "activities", "problems", "outputs", "contacts"]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_every_export_of_the_demo_reimports_unchanged(tmp_path, suffix):
    call_command("load_demo", stdout=io.StringIO())
    reports = {}
    for kind in KINDS:
        path = tmp_path / f"{kind}.{suffix}"
        call_command("export_records", kind, str(path), stdout=io.StringIO())
        out = io.StringIO()
        call_command("import_records", kind, str(path), stdout=out)
        reports[kind] = out.getvalue()

    for kind, report in reports.items():
        assert "新建" not in report and "更新" not in report, (kind, report)
        assert "未变" in report, (kind, report)


def dangerous_activity():
    return Activity.objects.create(
        ref="=1+1", date=datetime.date(2024, 4, 1), title='=HYPERLINK("http://x")', place="@A1"
    )


def test_csv_cells_that_would_run_are_neutralised():
    dangerous_activity()

    text = "".join(csv_chunks(*ledger("activities", Activity.objects.all())))

    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert row[:5] == ["'=1+1", "", "2024-04-01", '\'=HYPERLINK("http://x")', "'@A1"]


def test_xlsx_cells_that_would_run_are_text(tmp_path):
    dangerous_activity()
    path = tmp_path / "a.xlsx"

    write_xlsx(*ledger("activities", Activity.objects.all()), path)

    sheet = openpyxl.load_workbook(path).active
    cells = list(next(sheet.iter_rows(min_row=2, max_row=2)))
    assert (cells[0].value, cells[0].data_type) == ("'=1+1", "s")
    assert cells[3].value == '\'=HYPERLINK("http://x")'


def peak_bytes(count, writer):
    Activity.objects.all().delete()
    Activity.objects.bulk_create(
        Activity(ref=f"R{i}", date=datetime.date(2024, 4, 1), title=f"活动{i}")
        for i in range(count)
    )
    tracemalloc.start()
    writer(*ledger("activities", Activity.objects.all()))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize(
    "writer",
    [
        lambda headers, rows: sum(len(chunk) for chunk in csv_chunks(headers, rows)),
        lambda headers, rows: write_xlsx(headers, rows, io.BytesIO()),
    ],
    ids=["csv", "xlsx"],
)
def test_exports_stream_in_flat_memory(writer):
    small = peak_bytes(2_000, writer)  # one chunk of the queryset iterator
    large = peak_bytes(10_000, writer)

    # Five times the rows, about the same memory: the rows are never all held.
    assert large < 2.5 * small, (small, large)  # linear growth would be 5 times


def test_the_export_page_applies_the_lists_filters(client, django_user_model):
    from django.contrib.auth.models import Group

    from accounts.models import Role

    spring = Campaign.objects.create(
        title="春", slug="spring", start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31)
    )
    Activity.objects.create(ref="IN", campaign=spring, date=datetime.date(2024, 4, 1), title="甲")
    Activity.objects.create(ref="OUT", date=datetime.date(2024, 4, 1), title="乙")
    leader = django_user_model.objects.create_user("leader", password="x-y-z-123")
    leader.groups.add(Group.objects.get(name=Role.LEADER))
    client.force_login(leader)

    response = client.get(
        reverse("ledgers:export", args=["activities", "csv"]), {"campaign": spring.pk}
    )

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff编号,主题活动,日期,名称")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["IN"]


def test_exports_need_the_permission_to_view(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-y-z-123"))

    response = client.get(reverse("ledgers:export", args=["activities", "xlsx"]))

    assert response.status_code == 403
