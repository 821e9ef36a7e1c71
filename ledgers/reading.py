"""Reading a ledger file (.xlsx or .csv) into rows keyed by the columns' English aliases.

Headers may be Chinese or English and in any order; rows keep the number the spreadsheet
shows, so a report can point at them. CSV comes in UTF-8 (with or without BOM) or GB18030,
told apart without asking. Workbooks are read by calamine (a Rust reader, ten times as
fast as openpyxl's read-only mode on a province roster) with the values Excel cached:
a formula is never evaluated here.

A file is held to the configured maxima before it is read (the upload limit is on the
compressed file, and 2 MB of .xlsx can unpack to gigabytes): every part of a workbook is
decompressed here, in chunks and with a cap, whatever sizes the zip states; and every
sheet's rows and columns, as its <dimension> states and as its cells stand, are checked.
That matters because calamine reads a sheet into a grid as large as its farthest cell (a
lone cell at BR1000000 is 70 million cells of 32 bytes: 2.2 GB), so once these checks
pass, reading takes memory bounded by the maxima, whatever the file claims.
"""

import copy
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from lianluo.punctuation import join_list

from .cells import text


class FileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Sheet:
    """A file's rows as (row number, {alias: raw cell}), with what its header said."""

    rows: list
    unknown_columns: list = field(default_factory=list)


def read_sheet(layout, name, data, progress=None):
    """Read the bytes `data` of the file called `name` for `layout`; `progress` (see
    ledgers.progress) is told the rows read, then how many the file holds."""
    if name.lower().endswith(".xlsx"):
        table = xlsx_rows(data)
    elif name.lower().endswith(".csv"):
        table = csv_rows(data)
    else:
        raise FileError(_("Send an .xlsx or .csv file."))
    sheet = match_header(layout, table, progress)
    if progress is not None:
        progress.update(rows_read=len(sheet.rows), rows_total=len(sheet.rows))
    return sheet


def xlsx_rows(data):
    """The first sheet's rows, as Excel last computed them (formulas are not evaluated)."""
    check_workbook(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook.get_sheet_by_index(0).iter_rows()
    except (CalamineError, ValueError, IndexError):
        raise FileError(_("The file is not a readable .xlsx workbook.")) from None


def csv_rows(data):
    try:
        yield from csv.reader(io.StringIO(decode(data)))
    except csv.Error as error:  # a field over csv's size limit, a quote left open …
        raise FileError(_("The file is not readable CSV: %(error)s") % {"error": error}) from None


def decode(data):
    """UTF-8 with or without BOM, else GB18030 (which Excel writes on Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is neither UTF-8 nor GB18030 text."))


def match_header(layout, table, progress=None):
    """Find the header row (the first non-blank one) and key every later row by alias."""
    names = {}
    for column in layout.columns:
        names[column.header] = column.alias
        names[column.alias] = column.alias
        names[column.header.replace("(", "（").replace(")", "）")] = column.alias
    rows = iter(enumerate(within_limits(table), start=1))
    for _number, cells in rows:
        header = [text(cell) for cell in cells]
        if any(header):
            break
    else:
        raise FileError(_("The file is empty."))

    positions, unknown = {}, []
    for position, title in enumerate(header):
        if not title:
            continue
        alias = names.get(title) or names.get(title.lower())
        if alias is None:
            unknown.append(title)
        elif alias in positions.values():
            raise FileError(_("The column “%(title)s” appears twice.") % {"title": title})
        else:
            positions[position] = alias
    missing = [c.header for c in layout.columns if c.required and c.alias not in positions.values()]
    if missing:
        raise FileError(
            _("The file lacks the columns %(columns)s.") % {"columns": join_list(missing)}
        )

    sheet = Sheet(rows=[], unknown_columns=unknown)
    for number, cells in rows:
        row = {alias: cells[position] if position < len(cells) else None
               for position, alias in positions.items()}  # fmt: skip
        if any(text(value) for value in row.values()):
            sheet.rows.append((number, row))
        if progress is not None and number % 1000 == 0:
            progress.update(rows_read=len(sheet.rows))
    return sheet


def within_limits(table):
    """The rows of `table`, refusing the file at the first row beyond the maxima, and at
    a NUL character (no spreadsheet holds one; PostgreSQL refuses it even in a lookup)."""
    for number, cells in enumerate(table, start=1):
        check_extent(number, len(cells))
        for position, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and "\x00" in cell:
                raise FileError(
                    _("Row %(row)d, column %(column)d holds a NUL character: the file is damaged.")
                    % {"row": number, "column": position}
                )
        yield cells


def check_extent(rows, columns):
    if rows > settings.LEDGER_MAX_ROWS:
        raise FileError(
            _("The file has more than %(limit)d rows: split it into several files.")
            % {"limit": settings.LEDGER_MAX_ROWS}
        )
    if columns > settings.LEDGER_MAX_COLUMNS:
        raise FileError(
            _("The file has more than %(limit)d columns: remove the columns not imported.")
            % {"limit": settings.LEDGER_MAX_COLUMNS}
        )


CHUNK = 4 << 20
LONGEST_RUN = 2 * CHUNK  # text without a ">" in it: no sheet has one this long
# Where cells stand: <c r="B7">, <row r="7">, <dimension ref="A1:L130001">, with or without
# a namespace prefix (<x:c>); a row or a cell without r follows the one before.
# Fast passes for the usual form, <c r="B7"> (literal prefixes keep them quick); any other
# form makes the counts disagree, and the part is walked tag by tag.
CELL_COLUMN = re.compile(rb'<c r="([A-Za-z]+)\d')  # Excel writes r first
CELL_ROW = re.compile(rb' r="[A-Za-z]*(\d+)"')  # a row's r="7" too
# What may follow a tag's name, all made a space to count cell tags in two passes.
AFTER_NAME = bytes.maketrans(b"\t\n\r/>", b"     ")
TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)")
REF = re.compile(rb'\sr\s*=\s*["\']\$?([A-Za-z]*)\$?(\d*)["\']')
DIMENSION = re.compile(
    rb'dimension\s+ref\s*=\s*["\']\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?["\']'
)


def check_workbook(data):
    """Refuse a workbook that would unpack beyond the maxima, before anything reads it."""
    limit = settings.LEDGER_MAX_UNCOMPRESSED_MB * 1024 * 1024
    too_large = FileError(
        _("The workbook unpacks to more than %(limit)d MB: split it into several files.")
        % {"limit": settings.LEDGER_MAX_UNCOMPRESSED_MB}
    )
    unreadable = FileError(_("The file is not a readable .xlsx workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [info for info in archive.infolist() if not info.is_dir()]
            names = {info.filename for info in parts}
            # calamine falls back to .xlsb and .ods contents, which are not checked here.
            if "xl/workbook.xml" not in names or names & {"xl/workbook.bin", "content.xml"}:
                raise unreadable
            if sum(info.file_size for info in parts) > limit:
                raise too_large
            left = limit
            for info in parts:
                left -= unpack(archive, info, left, too_large, unreadable)
    except FileError:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
            OSError, ValueError):  # fmt: skip
        raise unreadable from None


def unpack(archive, info, left, too_large, unreadable):
    """Decompress one part with at most `left` bytes, checking its cells; its true size.

    The size the zip states is not trusted: the part is read to the end of its compressed
    stream (zipfile would stop at the stated size), then the two sizes must agree.
    """
    stated = info.file_size
    info = copy.copy(info)
    info.file_size = left + 2 * CHUNK  # so zipfile's own stop (and CRC check) comes after ours
    cells = CellExtent() if info.filename.endswith(".xml") else None
    size, tail = 0, b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > left:
                raise too_large
            if cells:  # scan up to the last ">", where no tag is left open
                text = tail + chunk
                cut = text.rfind(b">") + 1
                cells.scan(text[:cut])
                tail = text[cut:]
                if len(tail) > LONGEST_RUN:
                    raise unreadable
    if size != stated:
        raise unreadable
    return size


class CellExtent:
    """The farthest row and column a sheet's cells reach, and its <dimension>.

    Cells normally carry their place (<c r="B7">): a few regular-expression passes find
    the farthest. A cell without one stands after the cell before it, so once a part has
    such cells it is walked tag by tag (slower, and only for such files).
    """

    def __init__(self):
        self.row = self.column = 0
        self.walking = False

    def scan(self, text):
        if not self.walking:
            letters = CELL_COLUMN.findall(text)
            spaced = text.translate(AFTER_NAME)
            self.walking = spaced.count(b"<c ") + spaced.count(b":c ") > len(letters)
        if self.walking:
            far_row, far_column = self.walk(text)
        else:
            far_row = max(map(int, set(CELL_ROW.findall(text))), default=0)
            far_column = max(map(column_number, set(letters)), default=0)
            self.row = max(self.row, far_row)
        dimension = DIMENSION.search(text)
        if dimension:
            far_row = max(far_row, int(dimension[4] or dimension[2] or 0))
            far_column = max(far_column, column_number(dimension[3] or dimension[1]))
        check_extent(far_row, far_column)

    def walk(self, text):
        far_row = far_column = 0
        for name, attributes in TAG.findall(text):
            ref = REF.search(attributes)
            if name == b"c":
                self.column = column_number(ref[1]) if ref and ref[1] else self.column + 1
                if ref and ref[2]:
                    self.row = int(ref[2])
                far_row, far_column = max(far_row, self.row), max(far_column, self.column)
            else:
                self.row = int(ref[2]) if ref and ref[2] else self.row + 1
                self.column = 0
        return far_row, far_column


def column_number(letters):
    """A1's A is 1, XFD is 16384."""
    number = 0
    for letter in letters.upper()[:8]:  # longer than any sheet's columns: refused anyway
        number = number * 26 + letter - 64
    return number
