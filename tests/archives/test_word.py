"""A deputy's archive as a Word file (archives/word.py), read back with python-docx, on the
hand-built records of test_figures.py (张伟's 2021)."""

import io

import docx
import pytest
from django.utils import translation

from archives.figures import archive
from archives.parts import with_basics
from archives.periods import Period
from archives.word import archive_docx, archive_filename
from representatives.models import Representative

from .test_figures import YEAR, built  # noqa: F401 (the module's records)

pytestmark = pytest.mark.django_db
PERIOD = Period(*YEAR, "2021年")


def read_back(rep, period=PERIOD, language="zh-hans"):
    rep = with_basics(Representative.objects).get(pk=rep.pk)
    with translation.override(language):
        data = archive_docx(rep, archive(rep, period.start, period.end), period)
    return docx.Document(io.BytesIO(data))


def texts(document):
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return found


def headings(document):
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_the_eight_parts_then_the_points_in_chinese(built):  # noqa: F811
    document = read_back(built.zhang)
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["张伟履职档案"]
    assert headings(document) == [
        "一、基本情况",
        "二、会议",
        "三、视察调研",
        "四、学习培训",
        "五、小组活动",
        "六、建议意见",
        "七、向选民述职",
        "八、表彰奖励",
        "九、履职积分",
    ]
    assert document.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)


def test_the_key_figures_and_their_records(built):  # noqa: F811
    lines = texts(read_back(built.zhang))
    assert "参加本小组活动：3 / 6（50.0%）" in lines
    assert "请假：1" in lines
    assert "未登记：1" in lines
    assert "领衔提出建议：1" in lines
    assert "满意率：50.0%" in lines
    assert "积分合计：31" in lines
    assert "合计 |  |  |  | 31" in lines
    assert "姓名 | 张伟" in lines
    # Each activity with the post held on its day (时任).
    assert "2021-03-10 | 活动1 | 省发展改革委主任 | 出席" in lines
    assert "2021-10-10 | 活动4 | 副省长 | 出席、带队" in lines
    assert "2021-06-01 | 活动7 | 省发展改革委主任" in lines
    assert any(line.startswith("2021-01-28 | 出席人代会") for line in lines)


def test_in_english_and_without_points_when_no_table(built):  # noqa: F811
    from archives.models import PointsTable

    PointsTable.objects.all().delete()
    document = read_back(built.li, language="en")
    assert headings(document)[0] == "1. Basic facts"
    assert len(headings(document)) == 8
    assert "Activities of the deputy's groups taken part in: 2 of 2 (100.0%)" in texts(document)


def test_the_file_name_says_who_and_which_period(built):  # noqa: F811
    assert archive_filename(built.zhang, PERIOD) == "张伟-2021年-履职档案.docx"
    odd = Period(*YEAR, "1/2 期间")
    assert archive_filename(built.zhang, odd) == "张伟-1_2_期间-履职档案.docx"
