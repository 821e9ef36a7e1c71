"""Random and hostile files and cells: every file gives a report or a message, no traceback.

Hypothesis draws the files; each example runs inside a transaction rolled back at its
end, so the examples of one test share the database the test built once (pytest-django
wraps the test in its own transaction, and the examples' changes never outlive them).
"""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ledgers.columns import LAYOUTS
from ledgers.models import ImportRecord
from ledgers.reading import FileError, Sheet, read_sheet

from .conftest import database_state
from .files import LEDGERS, ORDER, as_file

FUZZ = settings(
    deadline=None,
    database=None,  # no .hypothesis/ folder in the project: a failure prints its example
    # The fixtures build the world once per test; each example rolls back what it did.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

AWKWARD = [
    "", " ", "\u3000", "\x00", "HN1\x00", "\ufeff", "\u200b=1+1", "=1+1", "=HYPERLINK(\"x\")",
    "+1", "-1", "@SUM(A1)", "'=1", "0001-01-01", "9999-12-31", "9999-12-31 00:00:00",
    "2024-02-30", "2021年13月1日", "0000-00-00", "99999-01-01", "1e400", "-0", "NaN", "inf",
    "1,000,000", "１２", "是", "否", "√", "a" * 5000, "名" * 300, "、、、", ";;,", "spring",
    "HD1", "HN1", "WT1", "CG1", "娄底市", "湘西州", "教育", "已解决", "调研报告", "bad slug",
    "../../etc/passwd", "<script>", "\r\n", "\t", "é".encode().decode("latin-1"),
]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**20, 1e308, float("nan"), float("inf")]),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.booleans(),
    st.none(),
)


def xlsx_cell(value):
    """What openpyxl can write of `value`: text without control characters, dates Excel has."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.date) and value.year < 1900:
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    return value


def ledger_file(rows, file_format):
    """(name, bytes) of `rows`: .xlsx, or .csv in UTF-8 or GB18030 (mixed encodings)."""
    if file_format == "xlsx":
        rows = [[xlsx_cell(value) for value in row] for row in rows]
        return as_file(rows, "xlsx")
    return as_file([["" if v is None else str(v) for v in row] for row in rows], file_format)


@st.composite
def hostile_ledgers(draw, kind):
    """A ledger of `kind`: its header (shuffled, sometimes short), then good rows with one
    or two hostile cells each, so that most rows reach the database."""
    header = draw(st.permutations(LAYOUTS[kind].headers))
    if draw(st.booleans()):
        header = header[: draw(st.integers(min_value=1, max_value=len(header)))]
    rows = [list(header)]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        row = dict(zip(LEDGERS[kind][0], draw(st.sampled_from(LEDGERS[kind][1:])), strict=True))
        for column in draw(st.lists(st.sampled_from(header), max_size=2)):
            row[column] = draw(CELLS)
        rows.append([row[column] for column in header])
    return rows


@given(data=st.binary(max_size=4000), name=st.sampled_from(["a.xlsx", "a.csv", "a.txt"]))
@FUZZ
def test_random_bytes_give_a_sheet_or_a_message(data, name):
    assert_read(name, data)


@given(cut=st.integers(min_value=0, max_value=10_000), flips=st.lists(st.integers(0, 10_000)))
@FUZZ
def test_damaged_workbooks_give_a_sheet_or_a_message(cut, flips):
    data = bytearray(as_file(LEDGERS["roster"], "xlsx")[1])
    for at in flips:
        data[at % len(data)] ^= 0x55
    assert_read("roster.xlsx", bytes(data[: cut % (len(data) + 1)]))


@given(member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]),
       content=st.binary(max_size=2000))  # fmt: skip
@FUZZ
def test_workbooks_with_a_garbled_part_give_a_sheet_or_a_message(member, content):
    original = zipfile.ZipFile(io.BytesIO(as_file(LEDGERS["roster"], "xlsx")[1]))
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for info in original.infolist():
            archive.writestr(info, content if info.filename == member else original.read(info))
    assert_read("roster.xlsx", data.getvalue())


def assert_read(name, data):
    try:
        sheet = read_sheet(LAYOUTS["roster"], name, data)
    except FileError as error:
        assert str(error)
    else:
        assert isinstance(sheet, Sheet)


@pytest.mark.parametrize("kind", ORDER)
def test_hostile_cells_in_every_kind_give_a_report_and_save_nothing_when_refused(
    kind, imported, staff_client
):
    imported(kind)
    fuzz_imports(kind, staff_client.user)


def test_hostile_cells_in_an_areas_file_give_a_report_and_save_nothing_when_refused(
    areas, staff_client
):
    fuzz_imports("areas", staff_client.user)


def fuzz_imports(kind, user):
    @given(rows=hostile_ledgers(kind),
           file_format=st.sampled_from(["xlsx", "utf-8", "utf-8-sig", "gb18030"]))  # fmt: skip
    @FUZZ
    def import_one(rows, file_format):
        name, data = ledger_file(rows, file_format)
        with transaction.atomic():
            before = database_state()
            record = ImportRecord(kind=kind, user=user, file_name=name, status="checking")
            record.file.save(name, ContentFile(data), save=False)
            report = record.run(dry_run=False)
            assert record.status in ("applied", "refused"), record.failure
            assert report.ok or database_state() == before
            assert all(error.message for error in report.errors)
            transaction.set_rollback(True)

    import_one()
