"""Writing rows out as .csv or .xlsx, streamed so memory stays flat whatever the row count.

Text that a spreadsheet would run as a formula (= + - @ or their full-width forms, after
any spaces or zero-width characters; or a leading tab or carriage return) is written with
a leading apostrophe, so opening an export never runs it.

It knows no model, so it sits below the apps: the ledgers' exports and the campaign
report's downloads both write through it, and neither app imports the other for it.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

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
    """Write a workbook in write-only mode: rows go to disk as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    workbook.save(target)


def download(headers, rows, filename, file_format):
    """A streamed response carrying `rows` as `filename`.csv or .xlsx."""
    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_chunks(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_xlsx(headers, rows, spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
