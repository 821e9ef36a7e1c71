"""Exports: they re-import unchanged, never run a formula, stream in flat memory, and the
export pages apply the lists' filters and the user's areas."""

import csv
import datetime
import gc
import io
import tracemalloc

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity, Campaign
from ledgers import exports
from ledgers.exports import ledger
from ledgers.models import ExportRecord, ImportRecord
from ledgers.reading import read_sheet
from ledgers.registry import FILTERS, IMPORTERS
from lianluo.spreadsheets import csv_chunks, write_xlsx
from representatives.models import Area, Mandate, Representative
from tests.conftest import login

from .conftest import database_state, outcome, run_import
from .files import LEDGERS, ORDER

pytestmark = pytest.mark.django_db


def export_then_import(kind, queryset, suffix, tmp_path):
    """Write `queryset` as a ledger file and import that file; the report."""
    headers, rows = ledger(kind, queryset)
    path = tmp_path / f"{kind}.{suffix}"
    if suffix == "xlsx":
        write_xlsx(headers, rows, path)
    else:
        path.write_text("".join(csv_chunks(headers, rows)), encoding="utf-8")
    importer = IMPORTERS[kind]()
    return importer.run(read_sheet(importer.layout, path.name, path.read_bytes()))


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_every_export_of_the_demo_reimports_unchanged(tmp_path, suffix):
    call_command("load_demo", "--force", stdout=io.StringIO())
    before = database_state()

    for kind in ["areas", *ORDER]:
        path = tmp_path / f"{kind}.{suffix}"
        call_command("export_records", kind, str(path), stdout=io.StringIO())
        call_command("import_records", kind, str(path), stdout=io.StringIO())

    assert database_state() == before
    summaries = ImportRecord.objects.order_by("pk").values_list("kind", "summary")
    assert [(kind, s["created"], s["updated"], s["errors"]) for kind, s in summaries] == [
        (kind, {}, {}, []) for kind in ["areas", *ORDER]
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_every_export_of_the_test_ledgers_reimports_unchanged(imported, tmp_path, suffix):
    imported("contacts")
    run_import("contacts", LEDGERS["contacts"])
    before = database_state()

    reports = {
        kind: export_then_import(kind, FILTERS[kind]._meta.model.objects.all(), suffix, tmp_path)
        for kind in ORDER
    }

    assert {kind: outcome(report)[:2] for kind, report in reports.items()} == {
        kind: ({}, {}) for kind in ORDER
    }
    assert database_state() == before


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_text_that_looks_like_a_formula_reimports_unchanged(tmp_path, suffix):
    Activity.objects.create(
        ref="HD1", date=datetime.date(2024, 1, 20), title="-5℃寒潮慰问", place="+86 村部"
    )
    before = database_state()

    report = export_then_import("activities", Activity.objects.all(), suffix, tmp_path)

    assert (report.errors, dict(report.updated)) == ([], {})
    assert database_state() == before


@pytest.mark.xfail(
    strict=True,
    reason="Known limitation, awaiting a decision on the format: the roster has one 选举单位 "
    "column, so a deputy elected by different units at two levels (entered in the admin) "
    "comes back with every mandate in the first one's unit",
)
def test_mandates_of_different_electoral_units_reimport_unchanged(areas, tmp_path):
    person = Representative.objects.create(code="HN5", name="张三")
    Mandate.objects.create(
        representative=person, level="provincial", electoral_unit=Area.objects.get(name="娄底市")
    )
    Mandate.objects.create(
        representative=person, level="city", electoral_unit=Area.objects.get(name="娄星区")
    )
    before = database_state()

    report = export_then_import("roster", Representative.objects.all(), "csv", tmp_path)

    assert (report.errors, dict(report.updated)) == ([], {})
    assert database_state() == before


def dangerous_activity():
    return Activity.objects.create(
        ref="=1+1", date=datetime.date(2024, 4, 1), title='=HYPERLINK("http://x")', place="@A1"
    )


def test_csv_cells_that_would_run_are_neutralised():
    dangerous_activity()
    Activity.objects.create(ref="+1", date=datetime.date(2024, 4, 2), title="-1", place="\tx")

    text = "".join(csv_chunks(*ledger("activities", Activity.objects.order_by("pk"))))

    rows = [row[:5] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert rows == [
        ["'=1+1", "", "2024-04-01", '\'=HYPERLINK("http://x")', "'@A1"],
        ["'+1", "", "2024-04-02", "'-1", "'\tx"],
    ]


def test_xlsx_cells_that_would_run_are_text(tmp_path):
    dangerous_activity()
    path = tmp_path / "a.xlsx"

    write_xlsx(*ledger("activities", Activity.objects.all()), path)

    cells = next(openpyxl.load_workbook(path).active.iter_rows(min_row=2, max_row=2))
    assert [cell.value for cell in cells[:5]] == [
        "'=1+1", None, "2024-04-01", '\'=HYPERLINK("http://x")', "'@A1",
    ]  # fmt: skip
    assert [cells[n].data_type for n in (0, 3, 4)] == ["s", "s", "s"]  # text, not formulas


def collected_every(rows, size):
    """`rows`, with the garbage collected after every `size` of them."""
    for count, row in enumerate(rows, start=1):
        yield row
        if count % size == 0:
            gc.collect()


def peak_bytes(queryset, write):
    """The most memory held at once while `write` consumes the activities ledger.

    Model instances with their prefetched rows form reference cycles, which Python frees
    only when its collector runs, at moments that depend on everything else allocated. So
    the collector runs after each chunk and at no other time: what is measured is what the
    export still holds on to, the same from one run to the next.
    """
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        headers, rows = ledger("activities", queryset)
        write(headers, collected_every(rows, exports.CHUNK))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.enable()


@pytest.mark.heavy
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exports_stream_in_flat_memory(tmp_path, suffix, monkeypatch):
    # Small chunks, so that a few hundred rows are many chunks: the export walks them the
    # same way whatever their size, and the test runs in seconds rather than a minute.
    monkeypatch.setattr(exports, "CHUNK", 25)
    Activity.objects.bulk_create(
        Activity(
            ref=f"R{n:04d}", date=datetime.date(2024, 4, 1), title=f"{n:04d}" + "调" * 196,
            place=f"{n:04d}" + "娄" * 196,
        )
        for n in range(200)
    )  # fmt: skip

    def write(headers, rows):
        if suffix == "csv":
            for _chunk in csv_chunks(headers, rows):
                pass
        else:
            write_xlsx(headers, rows, tmp_path / "out.xlsx")

    first = Activity.objects.filter(ref__lt="R0050")  # two chunks
    peak_bytes(first, write)  # the first run also fills the caches that every run shares
    small = peak_bytes(first, write)
    large = peak_bytes(Activity.objects.all(), write)

    # Four times the rows, the same memory (measured: within 1%): the rows are never all
    # held. An export that kept every row, every instance or every cell measured 1.25 to
    # 3.3 times, on SQLite and on PostgreSQL.
    assert large < 1.15 * small, (small, large)


# --- the export pages -------------------------------------------------------------


def export(client, kind, file_format="csv", **filters):
    return client.get(reverse("ledgers:export", args=[kind, file_format]), filters)


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def ledgers_in(imported):
    imported("contacts")
    run_import("contacts", LEDGERS["contacts"])


def test_exports_need_the_permission_to_view(client, django_user_model, ledgers_in):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-y-z-123"))

    assert export(client, "activities", "xlsx").status_code == 403


def test_the_csv_starts_with_a_bom_and_the_chinese_headers(leader_client, ledgers_in):
    response = export(leader_client, "activities")

    first_line = csv_text(response).split("\r\n")[0]
    assert first_line == (
        "\ufeff编号,主题活动,日期,名称,地点,活动方式,代表小组,领导干部代表,参加代表,领域,"
        "邀请厅局,联工委陪同"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_export_page_applies_the_campaign_filter(leader_client, ledgers_in):
    response = export(leader_client, "activities", campaign=Campaign.objects.get().pk)

    assert csv_text(response).split("\r\n")[1:] == [
        "HD1,spring,2024-04-10,调研农村学校,娄星区,参加所在代表小组活动,娄底市第一代表小组,"
        "HN3,HN2、HN1、HN3,乡村振兴、教育,省教育厅,是",
        "",
    ]


def test_the_export_page_applies_the_status_filter(leader_client, ledgers_in):
    response = export(leader_client, "problems", status="resolved")

    assert csv_text(response).split("\r\n")[1:] == [
        "WT1,HD1,教师周转房不足,教育,省教育厅,已解决,2024-05-20,新建40套,",
        "",
    ]


def test_the_export_page_holds_only_the_areas_of_scoped_staff(staff_a_client, ledgers_in):
    response = export(staff_a_client, "contacts")

    assert csv_text(response).split("\r\n")[1:] == [
        "娄底市,2024-03-01,2024-06-30,spring,12000,350,1500000",
        "",
    ]


def test_the_xlsx_export_holds_the_headers_and_the_rows(leader_client, ledgers_in):
    response = export(leader_client, "campaigns", "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.values) == [
        ("标识", "名称", "开始日期", "结束日期", "参加领导干部"),
        ("spring", "春季主题活动", "2024-03-01", "2024-06-30", "HN3"),
    ]


def test_admins_see_the_export_of_every_kind(django_user_model, ledgers_in):
    admin = login(django_user_model, "office-admin", Role.ADMIN)

    assert [export(admin, kind).status_code for kind in ORDER] == [200] * len(ORDER)


# --- large exports, on the immediate backend (the embedded SQLite's default) -------


def test_a_large_export_is_written_in_the_request_and_shown_done(
    leader_client, ledgers_in, settings
):
    settings.LEDGER_EXPORT_INLINE_ROWS = 1  # the two tallies are "large"
    small = csv_text(export(leader_client, "contacts", area=Area.objects.get(name="娄底市").pk))

    response = export(leader_client, "contacts")

    record = ExportRecord.objects.get()  # the one-row export above streamed, as before
    assert (response.status_code, response.url) == (302, record.get_absolute_url())
    assert (record.status, record.rows_written) == ("done", 2)
    page = leader_client.get(record.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and "下载 contacts-" in page
    data = b"".join(
        leader_client.get(reverse("ledgers:export-file", args=[record.pk])).streaming_content
    )
    assert small.split("\r\n")[1] in data.decode("utf-8-sig").split("\r\n")
    assert len(data.decode("utf-8-sig").split("\r\n")) == 4  # headers, two rows, ""
