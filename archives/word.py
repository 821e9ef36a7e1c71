"""A deputy's archive 履职档案 for a period as a Word document (.docx): the parts of the
page (parts.py), each with its figures and the records behind them, on A4.

`archive_document(representative, archive, period)` builds the document, `archive_docx`
its bytes and `archive_filename` its name (`<name>-<period>-履职档案.docx`): the archive
page's download and a zip of many deputies' archives build theirs alike. The words follow
the active language; fonts are named by family (黑体 for the headings, 仿宋_GB2312 for the
text), nothing embedded or fetched, as in bulletins/word.py.
"""

import io
import re

from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lianluo.punctuation import labelled, noted
from lianluo.word import a4_document, paragraph, styled
from suggestions.models import Rating

from .parts import basic_facts, campaigns, line_role, number, sections
from .reach import WITHHELD

HEADING_FONT = "黑体"
TEXT_SIZE, TABLE_SIZE = 12, 10.5


def archive_document(representative, archive, period, *, read=None):
    """The python-docx Document of `archive` (figures.Archive, read with its records) of
    `representative` (read with `parts.with_basics`) for `period` (periods.Period).

    `read`: what the reader may read of its records (`reach.readable`), the others listed
    by their date without their title; None for a reader who sees the whole province."""
    document = a4_document(top_bottom=2.5, left_right=2.6)
    center = WD_ALIGN_PARAGRAPH.CENTER

    title = document.add_heading(level=0)
    title.alignment = center
    styled(title.add_run(archive_title(representative)), 22, font=HEADING_FONT)
    paragraph(document, period_line(period), TEXT_SIZE, align=center)

    for section in sections(archive, translation.get_language() or "zh-hans"):
        head = document.add_heading(level=1)
        styled(head.add_run(section["heading"]), 15, font=HEADING_FONT)
        if section["key"] == "basics":
            facts = basic_facts(representative, archive)
            write_table(document, None, [(label, text) for _key, label, text in facts])
            continue
        for figure in section["figures"]:
            paragraph(document, labelled(figure.label, figure.value), TEXT_SIZE)
        WRITERS[section["key"]](document, archive, Reader(read))
    paragraph(document, drawn_up(), TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def archive_docx(representative, archive, period, *, read=None):
    """The bytes of the .docx of `archive` (see `archive_document`)."""
    output = io.BytesIO()
    archive_document(representative, archive, period, read=read).save(output)
    return output.getvalue()


def archive_title(representative):
    return gettext("%(name)s: archive of duties") % {"name": representative.name}


def drawn_up():
    return gettext("Drawn up on %(date)s from the records that count.") % {
        "date": f"{timezone.localdate():%Y-%m-%d}"
    }


def period_line(period):
    return noted(period.label, f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}")


def archive_filename(representative, period):
    """张伟-2021年-履职档案.docx: safe in a file system and a zip (no slashes)."""
    name = "-".join([representative.name, period.label, "履职档案"])
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name) + ".docx"


def write_table(document, header, rows):
    """A bordered table of `rows` (each a sequence of texts), under `header` if given;
    a dash when there is no row."""
    if not rows:
        paragraph(document, "—", TEXT_SIZE)
        return None
    width = len(header) if header else len(rows[0])
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for cells, bold in ([(header, True)] if header else []) + [(row, False) for row in rows]:
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            run = cell.paragraphs[0].add_run(str(text) if text is not None else "")
            styled(run, TABLE_SIZE, bold=bold)
    return table


def subheading(document, text):
    styled(document.add_paragraph().add_run(text), TEXT_SIZE, font=HEADING_FONT, bold=True)


class Reader:
    """What the reader may read: `reader("problems", key, text)` is the text, or the
    words that say it is withheld."""

    def __init__(self, read):
        self.read = read

    def __call__(self, kind, key, text):
        if self.read is None or key in self.read[kind]:
            return text
        return str(WITHHELD)


def write_duties(part):
    def write(document, archive, reader):
        write_table(
            document,
            [gettext("Date"), gettext("Kind"), gettext("Title"), gettext("Source")],
            [
                [f"{d.date:%Y-%m-%d}", d.get_kind_display(), d.title, d.source]
                for d in archive.duties_of(part)
            ],
        )

    return write


def write_group(document, archive, reader):
    header = [gettext("Date"), gettext("Activity"), gettext("Post held then")]
    for title, lines, role in (
        (gettext("Activities of the deputy's groups"), archive.own, True),
        (gettext("Activities led"), archive.led, False),
        (gettext("Activities of other groups attended as a guest"), archive.guest, False),
    ):
        subheading(document, title)
        write_table(
            document,
            header + ([pgettext("column of an archive", "Taking part")] if role else []),
            [
                [
                    f"{line.date:%Y-%m-%d}",
                    reader("activities", line.activity_id, line.activity.title),
                    line.post or "—",
                ]
                + ([line_role(line)] if role else [])
                for line in lines
            ],
        )
    subheading(document, gettext("Campaigns"))
    write_table(
        document,
        [gettext("Campaign"), gettext("Enrolled"), gettext("Taken part")],
        [[c.title, yes(enrolled), yes(took_part)] for c, enrolled, took_part in campaigns(archive)],
    )
    subheading(document, gettext("Problems raised"))
    write_table(
        document,
        [gettext("Date"), gettext("Problem"), gettext("Status"), gettext("Outcome")],
        [
            [
                f"{p.activity.date:%Y-%m-%d}",
                reader("problems", p.pk, p.title),
                p.get_status_display(),
                reader("problems", p.pk, p.outcome),
            ]
            for p in archive.problems
        ],
    )


def yes(flag):
    return gettext("yes") if flag else ""


def write_suggestions(document, archive, reader):
    subheading(document, gettext("Suggestions"))
    write_table(
        document,
        [
            gettext("Number"),
            gettext("Submitted on"),
            gettext("Title"),
            gettext("Put as"),
            gettext("Reply class"),
            gettext("Rating"),
        ],
        [
            [
                s.number_display,
                f"{s.submitted_on:%Y-%m-%d}",
                reader("suggestions", s.pk, s.title),
                role_in_suggestion(is_lead),
                s.latest_class or "",
                rating_label(s.latest_rating),
            ]
            for s, is_lead in archive.suggestions
        ],
    )
    subheading(document, gettext("Outputs"))
    write_table(
        document,
        [gettext("Date"), gettext("Kind"), gettext("Title")],
        [
            [f"{o.dated:%Y-%m-%d}", o.get_kind_display(), reader("outputs", o.pk, o.title)]
            for o in archive.outputs
        ],
    )


def role_in_suggestion(is_lead):
    return gettext("lead deputy") if is_lead else gettext("seconder")


def rating_label(value):
    return str(Rating(value).label) if value else ""


def write_points(document, archive, _reader):
    rows = [
        [line.label, line.table.name, line.count, number(line.weight), number(line.points)]
        for line in archive.points
    ]
    write_table(
        document,
        [
            gettext("Item"),
            gettext("Table of points"),
            gettext("Count"),
            gettext("Points each"),
            gettext("Points"),
        ],
        [*rows, [gettext("Total"), "", "", "", number(archive.points_total)]] if rows else [],
    )


WRITERS = {
    "meetings": write_duties("meetings"),
    "inspections": write_duties("inspections"),
    "training": write_duties("training"),
    "group": write_group,
    "suggestions": write_suggestions,
    "voter_reports": write_duties("voter_reports"),
    "commendations": write_duties("commendations"),
    "points": write_points,
}
