"""Writing rows out as .csv or .xlsx, streamed so memory stays flat whatever the row count,
and the first bytes leave before the last row is read.

A workbook is openpyxl's, in write-only mode: its one sheet is written straight into a zip
(Python's zipfile writes to a stream it cannot seek, with data descriptors), a few rows
at a time, and the workbook's other parts (styles, relations, content types, a few KB)
follow it. Excel, LibreOffice and the readers here take the parts in any order.

Text that a spreadsheet would run as a formula (= + - @ or their full-width forms, after
any spaces or zero-width characters; or a leading tab or carriage return) is written with
a leading apostrophe, so opening an export never runs it.

It knows no model, so it sits below the apps: the ledgers' exports and the campaign
report's downloads both write through it, and neither app imports the other for it.
"""

import csv
import io
import time
import zipfile
from contextlib import nullcontext

from django.http import StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

# The signs that start a formula (or a DDE call, =cmd|'…'!A1), in their ASCII, full-width
# and small forms: spreadsheets with an East Asian input method take all of them.
FORMULA_STARTS = "=+-@＝＋－＠﹦﹢﹣"
# What a spreadsheet skips before it looks for that sign: spaces of every width, line
# breaks, and the characters of no width.
SKIPPED_BEFORE_A_FORMULA = " \t\r\n\u3000\xa0\u200b\u200c\u200d\u2060\ufeff"


def runs_as_formula(value):
    """Whether a spreadsheet opening text `value` could run it as a formula."""
    first = value.lstrip(SKIPPED_BEFORE_A_FORMULA)[:1]
    return (first != "" and first in FORMULA_STARTS) or value[:1] in ("\t", "\r")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, text):
        return text


def csv_chunks(headers, rows):
    """The CSV text, a line at a time: UTF-8 with a BOM, which Excel opens as Chinese."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([neutralise(value) for value in row])


def write_xlsx(headers, rows, target):
    """Write a workbook to `target` (a path, or a binary file left open) as the rows come."""
    with open(target, "wb") if not hasattr(target, "write") else nullcontext(target) as out:
        for chunk in xlsx_chunks(headers, rows):
            out.write(chunk)


# Rows written between two chunks handed on: a chunk of some tens of KB once compressed.
ROWS_A_CHUNK = 500


def xlsx_chunks(headers, rows):
    """The bytes of a workbook of one sheet holding `headers` and `rows`, chunk by chunk:
    the first before any row is read, then about every ROWS_A_CHUNK rows."""
    out = _Taken()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet._id = 1  # as openpyxl numbers it when it saves: its path is sheet1.xml
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        # The sheet first, as its rows come. Not zip64, which some Excels refuse: a sheet
        # of more than 2 GB (a million rows of 2 KB) fails here rather than in Excel.
        part = zipfile.ZipInfo(sheet.path[1:], date_time=time.localtime()[:6])
        part.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(part, "w") as part:
            sheet._writer = WorksheetWriter(sheet, out=part)
            sheet._writer.write_top()
            try:
                sheet.append(headers)
                yield out.take()
                for number, row in enumerate(rows, start=1):
                    sheet.append([neutralise(value) for value in row])
                    if number % ROWS_A_CHUNK == 0 and (chunk := out.take()):
                        yield chunk
            finally:  # a download stopped early too: the sheet's XML ends in order
                sheet.close()
        _OtherParts(workbook, archive).write_data()
    yield out.take()


class _Taken(io.RawIOBase):
    """Where the zip is written: a stream that cannot seek, whose bytes are taken as
    they come."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


class _OtherParts(ExcelWriter):
    """openpyxl's writer of a workbook, for all but its sheet, already in the archive."""

    def write_worksheet(self, ws):
        ws._drawing = SpreadsheetDrawing()  # none
        ws._rels = ws._writer._rels
        self.manifest.append(ws)


def download(headers, rows, filename, file_format):
    """A streamed response carrying `rows` as `filename`.csv or .xlsx."""
    if file_format == "csv":
        chunks, content_type = csv_chunks(headers, rows), "text/csv; charset=utf-8"
    else:
        chunks, content_type = xlsx_chunks(headers, rows), XLSX_TYPE
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
