"""A file is held to the configured maxima before it is read, in bounded memory.

The bombs are built here part by part: a sheet with one far cell (calamine would make a
grid of every cell up to it), a highly compressible sheet, a zip that states small sizes
for a large part. Each is read in a subprocess whose peak memory is measured (VmHWM, or
resource.getrusage where there is no /proc), under an address-space limit that keeps a
failure from taking the machine down with it.
"""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ledgers.columns import LAYOUTS
from ledgers.reading import FileError, read_sheet

from .files import as_file

ROOT = Path(__file__).resolve().parents[2]
# Python, Django and calamine take about 100 MB before reading anything; without the
# checks the far cell alone takes 2.2 GB.
CEILING_MB = 300

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# calamine needs no more than these to find the first sheet.
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{TYPES}"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>代表证号</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>'
)


def sheet(rows, dimension="A1:B2"):
    return (
        f'<worksheet xmlns="{NS}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def cell(ref, value="x"):
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def workbook(path, sheet_xml):
    """Write a workbook of one sheet to `path`, its sheet written in pieces (it may be big)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for piece in sheet_xml:
                part.write(piece.encode())
    return path


def padded_sheet(megabytes):
    """A header and a row, then `megabytes` of comments: 1 MB of them compresses to 5 KB."""
    yield f'<worksheet xmlns="{NS}"><sheetData>{HEADER}<row r="2">{cell("A2", "HN1")}</row>'
    for _ in range(megabytes):
        yield ("<!--" + " " * 1017 + "-->") * 1024
    yield "</sheetData></worksheet>"


def state_size(path, member, size):
    """Make the zip at `path` state `size` as `member`'s uncompressed size, in both headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    # CRC, compressed and uncompressed size: in the local header, then again in the central
    # directory, which comes last.
    fields = bytes(data[local + 14 : local + 26])
    for at in (local + 22, data.rfind(fields) + 8):
        data[at : at + 4] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


READ = """
import json, resource, sys
limit = 2 << 30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from ledgers.columns import LAYOUTS
from ledgers.reading import FileError, read_sheet
path = sys.argv[1]
try:
    with open(path, "rb") as file:
        sheet = read_sheet(LAYOUTS["roster"], path, file.read())
    outcome = {"rows": len(sheet.rows)}
except FileError as error:
    outcome = {"error": str(error)}
# getrusage's ru_maxrss survives exec, so a child of a large pytest reports the parent's
# peak; Linux's VmHWM belongs to this process's own memory.
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
outcome["peak_mb"] = peak / 1024
print(json.dumps(outcome))
"""


def read_apart(path, **environment):
    """Read `path` as a roster in a new process; its outcome and its peak memory (MB)."""
    env = {"DJANGO_SETTINGS_MODULE": "lianluo.settings", "PATH": "/usr/bin:/bin",
           **{name: str(value) for name, value in environment.items()}}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.heavy  # a new process reads the file, to measure its peak memory
def test_a_far_cell_is_refused_in_bounded_memory(tmp_path):
    far = f'<row r="1000000">{cell("BR1000000")}</row>'  # 70 columns × a million rows
    path = workbook(tmp_path / "far.xlsx", [sheet(HEADER + far)])

    outcome = read_apart(path)

    assert outcome["error"] == "文件超过 200000 行：请拆分为几个文件。"
    assert outcome["peak_mb"] < CEILING_MB


@pytest.mark.heavy  # a new process reads the file, to measure its peak memory
def test_a_far_column_is_refused_though_the_dimension_says_otherwise(tmp_path):
    far = f'<row r="2">{cell("XFD2")}</row>'
    path = workbook(tmp_path / "wide.xlsx", [sheet(HEADER + far, dimension="A1:B2")])

    outcome = read_apart(path)

    assert outcome["error"] == "文件超过 40 列：请删去不导入的列。"
    assert outcome["peak_mb"] < CEILING_MB


def big_cell(megabytes):
    """A header, then one cell of `megabytes` of text: it compresses a thousandfold."""
    yield f'<worksheet xmlns="{NS}"><sheetData>{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>'
    for _ in range(megabytes):
        yield "a" * (1 << 20)
    yield "</t></is></c></row></sheetData></worksheet>"


@pytest.mark.heavy  # a new process reads the file, to measure its peak memory
def test_a_highly_compressible_sheet_is_refused_in_bounded_memory(tmp_path):
    path = workbook(tmp_path / "big-cell.xlsx", big_cell(128))  # read whole, 128 MB × 3
    assert path.stat().st_size < 1 << 20

    outcome = read_apart(path, LEDGER_MAX_UNCOMPRESSED_MB=20)

    assert outcome["error"] == "工作簿解压后超过 20 MB：请拆分为几个文件。"
    assert outcome["peak_mb"] < CEILING_MB


@pytest.mark.heavy  # a new process reads the file, to measure its peak memory
def test_a_zip_stating_a_small_size_for_a_large_sheet_is_refused_in_bounded_memory(tmp_path):
    path = workbook(tmp_path / "lying.xlsx", padded_sheet(64))
    state_size(path, "xl/worksheets/sheet1.xml", 4096)

    outcome = read_apart(path, LEDGER_MAX_UNCOMPRESSED_MB=20)

    assert outcome["error"] == "工作簿解压后超过 20 MB：请拆分为几个文件。"
    assert outcome["peak_mb"] < CEILING_MB


def test_a_zip_stating_a_wrong_size_within_the_limit_is_refused(tmp_path):
    path = workbook(tmp_path / "lying.xlsx", padded_sheet(2))
    state_size(path, "xl/worksheets/sheet1.xml", 4096)

    with pytest.raises(FileError, match=r"不是可读取的 \.xlsx 工作簿"):
        read_sheet(LAYOUTS["roster"], path.name, path.read_bytes())


def test_a_dimension_beyond_the_maxima_is_refused(tmp_path):
    path = workbook(tmp_path / "dimension.xlsx", [sheet(HEADER, dimension="A1:XFD1048576")])

    with pytest.raises(FileError, match="文件超过 200000 行"):
        read_sheet(LAYOUTS["roster"], path.name, path.read_bytes())


def test_cells_without_a_place_count_from_the_cell_before(tmp_path, settings):
    settings.LEDGER_MAX_COLUMNS = 5
    unplaced = '<c t="inlineStr"><is><t>x</t></is></c>' * 6
    path = workbook(tmp_path / "unplaced.xlsx", [sheet(f"{HEADER}<row>{unplaced}</row>")])

    with pytest.raises(FileError, match="文件超过 5 列"):
        read_sheet(LAYOUTS["roster"], path.name, path.read_bytes())


def test_a_workbook_at_the_maxima_is_read(tmp_path, settings):
    settings.LEDGER_MAX_ROWS, settings.LEDGER_MAX_COLUMNS = 3, 2
    rows = "".join(f'<row r="{n}">{cell(f"A{n}", f"HN{n}")}{cell(f"B{n}")}</row>' for n in (2, 3))
    path = workbook(tmp_path / "full.xlsx", [sheet(HEADER + rows, dimension="A1:B3")])

    sheet_read = read_sheet(LAYOUTS["roster"], path.name, path.read_bytes())

    assert [row["code"] for _number, row in sheet_read.rows] == ["HN2", "HN3"]


@pytest.mark.parametrize("file_format", ["utf-8", "xlsx"])
def test_a_file_with_more_rows_than_the_maximum_is_refused(settings, file_format):
    settings.LEDGER_MAX_ROWS = 3
    rows = [["代表证号", "姓名"]] + [[f"HN{n}", "某某"] for n in range(3)]

    with pytest.raises(FileError, match="文件超过 3 行"):
        read_sheet(LAYOUTS["roster"], *as_file(rows, file_format))


@pytest.mark.parametrize("file_format", ["utf-8", "xlsx"])
def test_a_file_with_more_columns_than_the_maximum_is_refused(settings, file_format):
    settings.LEDGER_MAX_COLUMNS = 3
    rows = [["代表证号", "姓名", "备注", "填表人"], ["HN1", "某某", "", ""]]

    with pytest.raises(FileError, match="文件超过 3 列"):
        read_sheet(LAYOUTS["roster"], *as_file(rows, file_format))


def test_a_csv_cell_beyond_the_csv_field_limit_is_refused():
    data = ("代表证号,姓名\nHN1," + "名" * 200_000 + "\n").encode()

    with pytest.raises(FileError, match="不是可读取的 CSV"):
        read_sheet(LAYOUTS["roster"], "roster.csv", data)
