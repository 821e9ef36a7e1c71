"""The bulletin as a Word document (.docx), laid out like the printed issue.

The office edits and files in Word. Fonts are named by family (方正小标宋简体 for the
masthead, 仿宋_GB2312 for the text) with common fallbacks; nothing is embedded or fetched.
"""

import io

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from lianluo.word import a4_document, paragraph, styled

from .numbers import chinese_numeral

RED = RGBColor(0xC0, 0x00, 0x00)
HEADLINE_FONT = "方正小标宋简体"


def red_rule(para):
    """A thick red line under `para`, as under the printed masthead."""
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in [("val", "single"), ("sz", "24"), ("space", "1"), ("color", "C00000")]:
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().append(borders)


def bulletin_docx(bulletin):
    """The bytes of the .docx of `bulletin`."""
    document = a4_document(top_bottom=3.7, left_right=2.8)
    center = WD_ALIGN_PARAGRAPH.CENTER

    paragraph(document, "联络动态", 48, align=center, font=HEADLINE_FONT, color=RED)
    paragraph(document, "LIANLUODONGTAI", 12, align=center, color=RED)
    paragraph(document, f"第 {bulletin.number} 期", 16, align=center)
    paragraph(document, f"（总第{chinese_numeral(bulletin.total_number)}期）", 16, align=center)
    masthead = document.add_paragraph()
    styled(masthead.add_run(f"{settings.OFFICE_NAME}编"), 14)
    styled(
        masthead.add_run(
            "\t" + f"{bulletin.date:%Y} 年 {bulletin.date.month} 月 {bulletin.date.day} 日"
        ),
        14,
    )
    red_rule(paragraph(document, "", 4))
    paragraph(document, bulletin.title, 22, align=center, font=HEADLINE_FONT)
    for text in bulletin.body.split("\n\n"):
        para = paragraph(document, text.strip(), 16)
        para.paragraph_format.first_line_indent = Pt(32)
    if bulletin.contributor:
        paragraph(document, f"（{bulletin.contributor} 供稿）", 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if bulletin.distribution:
        lines = bulletin.distribution.splitlines()
        paragraph(document, "送：" + lines[0], 12)
        for line in lines[1:]:
            paragraph(document, "　　" + line, 12)
    foot = f"责任编辑：{bulletin.editors}　联系方式：{bulletin.contact_line}"
    paragraph(document, foot, 12)
    if bulletin.approval_number:
        paragraph(document, f"批准文号：{bulletin.approval_number}", 12)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
