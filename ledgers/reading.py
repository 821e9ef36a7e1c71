"""Reading a ledger file (.xlsx or .csv) into rows keyed by the columns' English aliases.

Headers may be Chinese or English and in any order; rows keep the number the spreadsheet
shows, so a report can point at them. CSV comes in UTF-8 (with or without BOM) or GB18030,
told apart without asking. Workbooks are read by calamine (a Rust reader, ten times as
fast as openpyxl's read-only mode on a province roster) with the values Excel cached:
a formula is never evaluated here.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from .cells import text


class FileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Sheet:
    """A file's rows as (row number, {alias: raw cell}), with what its header said."""

    rows: list
    unknown_columns: list = field(default_factory=list)


def read_sheet(layout, name, data):
    """Read the bytes `data` of the file called `name` for `layout`."""
    if name.lower().endswith(".xlsx"):
        table = xlsx_rows(data)
    elif name.lower().endswith(".csv"):
        table = csv_rows(data)
    else:
        raise FileError(_("Send an .xlsx or .csv file."))
    return match_header(layout, table)


def xlsx_rows(data):
    """The first sheet's rows, as Excel last computed them (formulas are not evaluated)."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook.get_sheet_by_index(0).iter_rows()
    except (CalamineError, ValueError, IndexError):
        raise FileError(_("The file is not a readable .xlsx workbook.")) from None


def csv_rows(data):
    return csv.reader(io.StringIO(decode(data)))


def decode(data):
    """UTF-8 with or without BOM, else GB18030 (which Excel writes on Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is neither UTF-8 nor GB18030 text."))


def match_header(layout, table):
    """Find the header row (the first non-blank one) and key every later row by alias."""
    names = {}
    for column in layout.columns:
        names[column.header] = column.alias
        names[column.alias] = column.alias
        names[column.header.replace("(", "（").replace(")", "）")] = column.alias
    rows = iter(enumerate(table, start=1))
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
            _("The file lacks the columns %(columns)s.") % {"columns": "、".join(missing)}
        )

    sheet = Sheet(rows=[], unknown_columns=unknown)
    for number, cells in rows:
        row = {alias: cells[position] if position < len(cells) else None
               for position, alias in positions.items()}  # fmt: skip
        if any(text(value) for value in row.values()):
            sheet.rows.append((number, row))
    return sheet
