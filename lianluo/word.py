"""What the project's Word files (.docx) share: A4 pages, and runs in a Chinese font for
their Chinese with Times New Roman for their Latin letters and digits (the bulletin, a
deputy's archive). Fonts are named by family, nothing embedded or fetched."""

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEXT_FONT, LATIN_FONT = "仿宋_GB2312", "Times New Roman"


def a4_document(*, top_bottom, left_right):
    """A new Document on A4, with margins in centimetres."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(top_bottom)
    section.left_margin = section.right_margin = Cm(left_right)
    return document


def styled(run, size, *, font=TEXT_FONT, bold=False, color=None):
    """`run` in `font` (its Chinese) and Times New Roman (its Latin letters and digits)."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return run


def paragraph(document, text, size, *, align=None, **style):
    """A new paragraph of `document` holding `text`, styled."""
    para = document.add_paragraph()
    if align is not None:
        para.alignment = align
    styled(para.add_run(text), size, **style)
    return para
