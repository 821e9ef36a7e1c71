"""The bulletin 联络动态: drafted from the figures, printed like the seed, locked once out."""

import io
import json
import re

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from activities.demo import SLUG
from activities.models import Campaign
from activities.numbers import as_written
from bulletins.article import SECTIONS
from bulletins.drafting import draft_bulletin, draft_text
from bulletins.models import Bulletin
from tests.bulletins.phrases import repeated_phrases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


@pytest.fixture
def demo():
    return Campaign.objects.get(slug=SLUG)


def demo_client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def staff_client(demo):
    return demo_client("staff")


@pytest.fixture
def leader(demo):
    return demo_client("leader")


def report():
    out = io.StringIO()
    call_command("campaign_report", SLUG, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_every_figure_in_the_draft_is_the_reports(demo):
    f = report()
    _title, body = draft_text(demo)

    reports = f["outputs"]["research_report"] + f["outputs"]["suggestion"]
    expected = [
        f"{f['leaders']['participated']}位省级领导干部代表参加了主题活动",
        f"{f['leaders']['enrolled']}名省级领导干部代表所在代表小组",
        f"共开展活动{f['activities']['total']}次",
        f"中的{f['group_members']['total']}名代表有{f['group_members']['participated']}名参加",
        f"参加率为{f['group_members']['rate']}%",
        f"突出问题{f['problems']['resolved']}个",
        f"调研报告或代表建议{reports}份",
        f"走访联系群众{as_written(f['contacts']['person_times'])}人次",
        f"帮助群众解决问题{as_written(f['contacts']['problems_solved'])}个",
        f"落实帮扶物资或资金{as_written(f['contacts']['aid_yuan'])}元",
        f"全程参加了{f['activities']['accompanied_leaders']}位",
    ] + [f"{n}次" for n in f["activities"]["by_mode"].values() if n]
    for sentence in expected:
        assert sentence in body, sentence
    # And the bulletin's own figures, as the seed prints them.
    for seed in [
        "28位",
        "306名代表有284名",
        "92.8%",
        "问题32个",
        "建议11份",
        "134万人次",
        "6万个",
        "4.4亿元",
        "25位",
    ]:
        assert seed in body, seed


def test_the_draft_tells_the_highlighted_problems(demo):
    _title, body = draft_text(demo)

    # 毛伟明 is named by his post in the example before it, by his name here.
    assert (
        "毛伟明到娄星区参加主题活动，帮助解决娄星区人民医院传染科建设项目推进中的突出问题，"
        "项目已于10月1日开工" in body
    )


def test_the_demos_draft_reads_as_the_seeds_article(demo):
    """The seed's shape: a lead, then sections each run in with its heading; its people
    by post at the first mention; its examples, verbs and outlets as the seed writes them
    (the seed's own headings, 坚持一个“高”字…, are the office's to write)."""
    _title, body = draft_text(demo)
    paragraphs = body.split("\n\n")

    assert len(paragraphs) == len(SECTIONS)
    assert paragraphs[0].startswith("2021年5月至11月，省人大常委会联工委组织")
    for paragraph, section in zip(paragraphs[1:], SECTIONS[1:], strict=True):
        assert paragraph.startswith(section.heading)
    for seed in [
        "省政协主席李微微深入党史学习教育基层联系点邵阳县开展调研。",
        "刘莲玉组织所在的怀化市全国和省人大代表小组代表到芷江县联合开展专题调研。",
        "省委副书记、省长毛伟明参加所在的娄底市第一代表小组活动，邀请",
        "帮助解决职业教育发展中的突出问题",
        "推动大唐华银株洲发电2×100万千瓦煤电项目尽快落地",
        "湖南日报、湖南卫视、红网、湖南人大网、《人民之友》等媒体",
    ]:
        assert seed in body, seed
    # 毛伟明 by post once, by name after; no verb said twice.
    assert body.count("省长毛伟明") == 1 and body.count("毛伟明") == 2
    assert "推动问题解决" not in body and "推动有关问题解决" not in body
    assert repeated_phrases(body) == []


def test_a_draft_is_numbered_after_the_last_issue(demo):
    bulletin = draft_bulletin(demo)

    last = Bulletin.objects.get(year=2021, number=24)
    assert (bulletin.total_number, bulletin.status) == (650, "draft")
    assert bulletin.number == (1 if bulletin.year != 2021 else 25)
    assert (bulletin.editors, bulletin.distribution) == (last.editors, last.distribution)


def test_staff_draft_with_one_click_and_leaders_may_not(demo, staff_client, leader):
    url = reverse("bulletins:bulletin-draft", args=[SLUG])

    refused = leader.post(url)
    drafted = staff_client.post(url)

    assert refused.status_code == 403
    bulletin = Bulletin.objects.get(status="draft")
    assert drafted.url == reverse("bulletins:bulletin-edit", args=[bulletin.pk])


def test_a_published_issue_cannot_be_changed_in_place(demo, staff_client):
    published = Bulletin.objects.get(year=2021, number=24)

    published.title = "改过的标题"
    with pytest.raises(ValidationError):
        published.save()
    staff_client.post(
        reverse("bulletins:bulletin-edit", args=[published.pk]),
        {
            "title": "改过的标题",
            "year": 2021,
            "number": 24,
            "total_number": 649,
            "date": "2021-12-25",
        },
    )

    published.refresh_from_db()
    assert published.title == "省人大常委会推进省级领导干部代表参加代表小组主题活动走深走实"


def test_a_correction_is_a_new_revision_and_the_published_one_is_kept(demo, staff_client):
    published = Bulletin.objects.get(year=2021, number=24)

    staff_client.post(reverse("bulletins:bulletin-correct", args=[published.pk]))

    correction = Bulletin.objects.get(revises=published)
    assert (correction.number, correction.total_number, correction.revision) == (24, 649, 2)
    assert correction.status == "draft"
    assert list(Bulletin.objects.current()) == [correction]
    published.refresh_from_db()
    assert published.status == "published"


def test_leaders_keep_the_published_issue_while_its_correction_is_a_draft(
    demo, staff_client, leader
):
    published = Bulletin.objects.get(year=2021, number=24)
    staff_client.post(reverse("bulletins:bulletin-correct", args=[published.pk]))

    leaders_archive = leader.get(reverse("bulletins:bulletin-list")).context["page"]
    staff_archive = staff_client.get(reverse("bulletins:bulletin-list")).context["page"]

    assert [(b.number, b.revision) for b in leaders_archive] == [(24, 1)]
    assert [(b.number, b.revision) for b in staff_archive] == [(24, 2)]


def test_the_print_view_looks_like_the_seed(demo, leader):
    published = Bulletin.objects.get(year=2021, number=24)

    page = leader.get(published.get_absolute_url()).content.decode()

    for part in [
        '<p class="bulletin-name">联络动态</p>',
        "LIANLUODONGTAI",
        "第 24 期",
        "（总第六百四十九期）",
        "湖南省人大常委会选举任免联络工作委员会编",
        "2021 年 12 月 25 日",
        "（代表联络处吴静波 供稿）",
        "全国人大常委会办公厅联络局",
        "责任编辑：石韧",
        "批准文号：湘党简准字〔2000〕第 28 号",
    ]:
        assert part in page, part


def test_drafts_are_not_shown_to_leaders(demo, leader):
    draft = draft_bulletin(demo)

    assert leader.get(draft.get_absolute_url()).status_code == 404
    archive = leader.get(reverse("bulletins:bulletin-list")).context["page"]
    assert [b.status for b in archive] == ["published"]


def test_a_drafts_word_file_is_the_editors_alone(demo, leader, staff_client):
    draft = draft_bulletin(demo)
    url = reverse("bulletins:bulletin-docx", args=[draft.pk])

    assert leader.get(url).status_code == 404
    assert staff_client.get(url).status_code == 200


def test_the_docx_reads_back_with_masthead_numbers_and_distribution(demo, leader):
    published = Bulletin.objects.get(year=2021, number=24)

    response = leader.get(reverse("bulletins:bulletin-docx", args=[published.pk]))

    document = docx.Document(io.BytesIO(response.content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    assert lines[:4] == ["联络动态", "LIANLUODONGTAI", "第 24 期", "（总第六百四十九期）"]
    assert any(re.search(r"306名代表有284名参加了主题活动，参加率为92\.8%", line) for line in lines)
    assert "送：全国人大常委会办公厅联络局、研究室、新闻局、《中国人大》杂志社" in lines
    last_line = (
        "省人大各专门委员会，省人大常委会各办事机构、工作机构，省纪委省监委驻省人大机关纪检监察组"
    )
    assert "　　" + last_line in lines
    assert response["Content-Disposition"] == 'attachment; filename="lianluo-dongtai-2021-24.docx"'


def test_the_archive_finds_issues_by_year_number_and_title(demo, leader):
    url = reverse("bulletins:bulletin-list")

    by_number = leader.get(url, {"q": "24"}).context["page"]
    by_title = leader.get(url, {"q": "走深走实", "year": "2021"}).context["page"]
    other_year = leader.get(url, {"year": "2020"}).context["page"]

    assert [b.number for b in by_number] == [24]
    assert [b.number for b in by_title] == [24]
    assert list(other_year) == []
