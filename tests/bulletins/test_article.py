"""The drafted article on a small hand-built campaign: each section's sentences, the
sections renamed, reordered and switched off, the office's templates checked on save and
previewed before saving, and no phrase said twice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role as RoleName
from activities.models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Mode,
    Output,
    Problem,
    Topic,
)
from bulletins.article import SECTIONS, SENTENCES, Templates, fill, refusal
from bulletins.drafting import draft_text
from bulletins.forms import ArticleForm
from bulletins.models import ArticleSection, ArticleSentence, Outlet
from representatives.models import Area, Group, Membership, PostHeld, Representative
from representatives.protocol import titled
from tests.bulletins.phrases import repeated_phrases
from tests.conftest import kept_for_the_module, login

START, END = datetime.date(2024, 3, 1), datetime.date(2024, 5, 31)


def person(code, name, post="", started=None, ended=None, leader=False):
    rep = Representative.objects.create(code=code, name=name, is_provincial_leader=leader)
    if post:
        PostHeld.objects.create(representative=rep, title=post, started_on=started, ended_on=ended)
    return rep


def activity(campaign, group, day, mode, place, leaders=(), present=(), guests=(), **links):
    act = Activity.objects.create(
        campaign=campaign, date=day, title="活动", mode=mode, place=place, accompanied=True
    )
    act.groups.add(group)
    act.leaders.add(*leaders)
    for status, people in [("present", present), ("guest", guests)]:
        for rep in people:
            Attendance.objects.create(activity=act, representative=rep, status=status)
    for name, values in links.items():
        getattr(act, name).add(*values)
    return act


def problem(act, title, status="open", outcome="", highlight=True):
    resolved_on = act.date if status == "resolved" else None
    return Problem.objects.create(
        activity=act,
        title=title,
        status=status,
        outcome=outcome,
        resolved_on=resolved_on,
        is_highlight=highlight,
    )


@pytest.fixture(scope="module")
def spring(django_db_blocker):
    """A campaign of three leaders in two groups, each way of taking part once:

    - 甲 (省委副书记、省长) with his group in 娄星区, a deputy of another group along, two
      departments invited; a resolved problem with an outcome;
    - 乙 at a grassroots contact point in 吉首市 on 10 April, 省人大常委会副主任 since
      2 April (省政协副主席 before); a project to land, a problem "推动有关问题解决";
    - 丙 (no post recorded) on a joint research visit to 凤凰县; a problem in progress.
    """
    with kept_for_the_module(django_db_blocker):
        city = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
        west = Area.objects.create(name="湘西州", kind=Area.Kind.CITY)
        campaign = Campaign.objects.create(title="春季走访", slug="spring", start=START, end=END)
        jia = person("J", "甲", "省委副书记、省长", leader=True)
        yi = person("Y", "乙", "省政协副主席", ended=datetime.date(2024, 4, 1), leader=True)
        PostHeld.objects.create(
            representative=yi, title="省人大常委会副主任", started_on=datetime.date(2024, 4, 2)
        )
        bing = person("B", "丙", leader=True)
        campaign.leaders.add(jia, yi, bing)
        first = Group.objects.create(name="娄底市第一代表小组", area=city)
        second = Group.objects.create(name="湘西州第一代表小组", area=west)
        other = Group.objects.create(name="娄底市第二代表小组", area=city)
        m1, m2, m3, m4, guest = (person(f"M{i}", f"成员{i}") for i in range(1, 6))
        for rep, group in [(jia, first), (m1, first), (m2, first), (yi, second), (bing, second)]:
            Membership.objects.create(representative=rep, group=group, joined_on=START)
        for rep in (m3, m4):
            Membership.objects.create(representative=rep, group=second, joined_on=START)
        Membership.objects.create(representative=guest, group=other, joined_on=START)
        health, schools = (Department.objects.create(name=n) for n in ("省卫生健康委", "省教育厅"))
        medicine, education = (Topic.objects.create(name=n) for n in ("医疗", "教育"))

        day = datetime.date
        own = activity(campaign, first, day(2024, 3, 20), Mode.OWN_GROUP, "娄星区", [jia],
                       [m1, m2], [guest], departments=[health, schools],
                       topics=[medicine])  # fmt: skip
        point = activity(campaign, second, day(2024, 4, 10), Mode.CONTACT_POINT, "吉首市", [yi],
                         [m3], departments=[schools], topics=[education])  # fmt: skip
        joint = activity(campaign, second, day(2024, 5, 6), Mode.JOINT_GROUPS, "凤凰县", [bing],
                         [m4], topics=[education])  # fmt: skip
        problem(own, "县医院传染科建设", "resolved", "项目已于10月1日开工")
        problem(point, "跨河大桥项目落地", "in_progress", "推动项目尽快落地")
        problem(point, "养老服务点运营经费", "resolved", "推动有关问题解决")
        problem(joint, "学校食堂改造", "in_progress")
        problem(joint, "村道硬化", highlight=False)
        Output.objects.create(
            kind=Output.Kind.RESEARCH_REPORT, title="调研报告", date=END, campaign=campaign
        )
        ContactTally.objects.create(
            area=city, campaign=campaign, start=START, end=END,
            person_times=1_342_000, problems_solved=59_400, aid_yuan=441_200_000,
        )  # fmt: skip
        for outlet, day in [("红网", 3), ("湖南日报", 20), ("《人民之友》", 1)]:
            MediaReport.objects.create(
                outlet=outlet, title="报道", campaign=campaign,
                published_on=datetime.date(2024, 4, day),
            )  # fmt: skip
        yield campaign


@pytest.fixture
def campaign(spring, db):
    return spring


def paragraphs(campaign, templates=None):
    _title, body = draft_text(campaign, templates=templates)
    return body.split("\n\n")


def section(campaign, heading):
    return next(p for p in paragraphs(campaign) if p.startswith(heading))


HEADING = {s.key: s.heading for s in SECTIONS}


def test_the_lead_tells_the_campaign_and_who_took_part(campaign):
    lead = paragraphs(campaign)[0]

    assert lead.startswith(
        "2024年3月至5月，省人大常委会联工委组织省级领导干部中的省人大代表开展了"
        "“春季走访”代表小组主题活动。3位省级领导干部代表参加了主题活动"
    )
    assert "活动主题涉及教育、医疗等多个方面。" in lead  # the most frequent first


def test_the_leaders_section_gives_the_modes_and_an_example_of_each_way(campaign):
    text = section(campaign, HEADING["leaders"])

    assert (
        "从活动方式看，省级领导干部代表参加所在代表小组活动1次，"
        "联合原选举单位其他小组代表一起开展活动1次，到党史学习教育基层联系点开展活动1次。"
    ) in text
    # Each leader by the post held on the day: 乙 had become 副主任 by 10 April.
    assert "省人大常委会副主任乙深入党史学习教育基层联系点吉首市开展调研。" in text
    assert "丙组织所在的湘西州第一代表小组代表到凤凰县联合开展专题调研。" in text
    assert (
        "省委副书记、省长甲参加所在的娄底市第一代表小组活动，"
        "邀请1名其他代表小组的代表与小组代表们一起开展调研座谈。"
    ) in text
    assert text.endswith("调动了代表参加小组活动的积极性。")


def test_the_groups_section_counts_the_members_and_names_the_departments(campaign):
    text = section(campaign, HEADING["groups"])

    assert "3名省级领导干部代表所在代表小组中的7名代表有7名参加了主题活动，参加率为100.0%。" in text
    assert "各代表小组共开展活动3次" in text
    # The department invited twice first.
    assert "其间，省教育厅、省卫生健康委等2个省直厅局负责同志应邀参加调研座谈。" in text


def test_highlights_take_their_verb_from_the_problems_outcome_and_status(campaign):
    text = section(campaign, HEADING["problems"])

    assert text.startswith(HEADING["problems"] + "活动中共收集群众“急难愁盼”问题5个。")
    # A resolved problem with an outcome that says more: helped, then the outcome.
    assert "甲到娄星区参加主题活动，帮助解决县医院传染科建设问题，项目已于10月1日开工。" in text
    # A project to land; the outcome only says the verb again and is left out.
    assert "乙到党史学习教育基层联系点吉首市开展主题活动，推动跨河大桥项目尽快落地，" in text
    # An outcome saying 推动 chooses the verb, once.
    assert "，推动解决养老服务点运营经费问题。" in text
    # In progress without an outcome: pushed for.
    assert "丙联合原选举单位其他小组代表到凤凰县开展主题活动，推动解决学校食堂改造问题。" in text
    assert "推动有关问题解决" not in text and "推动项目尽快落地" not in text
    assert "省级领导干部代表共帮助解决群众和基层反映的突出问题2个。另有2个问题正在办理中。" in text


def test_highlights_follow_the_leaders_protocol_order(campaign):
    text = section(campaign, HEADING["problems"])

    # In the order `titled` gives the leaders (the protocol's), whatever the dates.
    problems = {"甲": "县医院", "乙": "跨河大桥", "丙": "学校食堂"}
    order = [person.name for person in titled(campaign.leaders.all(), END)]
    assert sorted(problems.values(), key=text.index) == [problems[name] for name in order]


def test_an_activitys_highlights_are_told_in_one_sentence(campaign):
    text = section(campaign, HEADING["problems"])

    assert (
        "到党史学习教育基层联系点吉首市开展主题活动，推动跨河大桥项目尽快落地，"
        "推动解决养老服务点运营经费问题。"
    ) in text
    assert text.count("吉首市") == 1


def test_the_results_write_the_tallies_in_the_offices_forms(campaign):
    text = section(campaign, HEADING["results"])

    assert "各位领导干部代表共指导形成调研报告或代表建议1份。" in text
    assert "走访联系群众134万余人次，帮助群众解决问题近6万个，落实帮扶物资或资金4.4亿余元。" in text


def test_publicity_lists_outlets_papers_first_unless_the_office_set_an_order(campaign):
    assert "湖南日报、红网、《人民之友》等媒体" in section(campaign, HEADING["publicity"])

    Outlet.objects.create(name="《人民之友》", position=1)
    Outlet.objects.create(name="红网", position=2)

    text = section(campaign, HEADING["publicity"])
    assert "《人民之友》、红网、湖南日报等媒体" in text
    assert "委员会领导和相关处室全程参加了3位省级领导干部代表开展的主题活动。" in text


def test_a_person_is_named_by_post_once_then_by_name(campaign):
    _title, body = draft_text(campaign)

    assert body.count("省委副书记、省长甲") == 1
    assert body.count("省人大常委会副主任乙") == 1
    assert "省政协副主席" not in body  # 乙's post before the campaign's day


def test_a_sentence_whose_figure_is_nought_is_left_out(campaign):
    Problem.objects.filter(activity__campaign=campaign, status="in_progress").update(status="open")

    assert "正在办理" not in draft_text(campaign)[1]


def test_no_phrase_is_said_twice(campaign):
    _title, body = draft_text(campaign)

    assert repeated_phrases(body) == []


def test_the_phrase_check_catches_the_old_collision():
    assert repeated_phrases("张剑飞到邵东市开展调研，推动问题解决，推动有关问题解决。") != []
    assert repeated_phrases("甲到娄星区开展调研。甲到娄星区开展调研。") != []


# --- the sections as the office sets them ------------------------------------------


def test_sections_renamed_reordered_and_switched_off(campaign):
    ArticleSection.objects.filter(key="leaders").update(heading="突出一个“活”字，活动开展有亮度")
    for position, key in enumerate(["lead", "publicity", "leaders", "problems", "results"], 1):
        ArticleSection.objects.filter(key=key).update(position=position)
    ArticleSection.objects.filter(key="groups").update(enabled=False)

    written = paragraphs(campaign)

    assert [p[:6] for p in written[1:]] == [
        "组织保障有力",
        "突出一个“活",
        "聚焦“急难愁",
        "成果丰硕，示",
    ]
    # A heading without an ending is given one, run in before the first sentence.
    assert written[2].startswith("突出一个“活”字，活动开展有亮度。从活动方式看")
    assert "参加率" not in "".join(written)


def test_the_first_mention_follows_the_sections_order(campaign):
    ArticleSection.objects.filter(key="problems").update(position=2)
    ArticleSection.objects.filter(key="leaders").update(position=3)

    _title, body = draft_text(campaign)

    # 甲's highlight now comes before his example: the post moves with the first mention.
    assert "省委副书记、省长甲到娄星区参加主题活动，帮助解决" in body
    assert "。甲参加所在的娄底市第一代表小组活动，邀请" in body


def test_an_office_wording_is_written_and_an_empty_one_leaves_the_sentence_out(campaign):
    ArticleSentence.objects.update_or_create(
        key="results.outputs", defaults={"text": "共形成调研报告{reports}篇。"}
    )
    ArticleSentence.objects.update_or_create(key="groups.work", defaults={"text": ""})

    _title, body = draft_text(campaign)

    assert "共形成调研报告1篇。" in body
    assert "各代表小组共开展活动" not in body


def test_a_stored_wording_this_version_refuses_is_written_as_shipped(campaign):
    ArticleSentence.objects.update_or_create(
        key="results.outputs", defaults={"text": "共形成{outputs}份。"}
    )

    assert "各位领导干部代表共指导形成调研报告或代表建议1份。" in draft_text(campaign)[1]


# --- the templates checked ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, refused",
    [
        ("共形成{reports}份。", ""),
        ("共形成{{reports}}份。", ""),  # braces written double are braces
        ("共形成{outputs}份。", "{outputs} is not a placeholder of this sentence"),
        ("共形成{reports.__class__}份。", "{reports.__class__} is not a placeholder"),
        ("共形成{reports[0]}份。", "{reports[0]} is not a placeholder"),
        ("共形成{0}份。", "{0} is not a placeholder"),
        ("共形成{}份。", "{} is not a placeholder"),
        ("共形成{reports:>10}份。", "A placeholder takes no format: write {reports}."),
        ("共形成{reports!r}份。", "A placeholder takes no format: write {reports}."),
        ("共形成{reports份。", "A brace stands alone"),
        ("共形成reports}份。", "A brace stands alone"),
    ],
)
def test_a_wording_may_use_only_its_sentences_placeholders(text, refused):
    with translation.override("en"):
        said = str(refusal(text, ("reports",)))

    assert said.startswith(refused) if refused else said == ""


def test_a_refusal_names_the_placeholders_the_sentence_may_use():
    with translation.override("en"):
        said = str(refusal("{leader}在{county}", ("leader", "place", "group")))

    assert "{leader}、{place}、{group}" in said


def test_a_placeholder_reaches_nothing_but_its_value():
    # Even a wording never checked: `fill` looks names up, it evaluates nothing.
    with pytest.raises(KeyError):
        fill("{reports.__class__}", {"reports": 3})
    assert fill("共{reports}份，{{原文}}", {"reports": 3}) == "共3份，{原文}"


# --- the page ---------------------------------------------------------------------------

URL = reverse("bulletins:article-templates")


def posted(form, **changes):
    """What the page posts when `changes` are typed into its form as opened."""
    data = {
        name: field.initial if not callable(field.initial) else field.initial()
        for name, field in form.fields.items()
    }
    data["campaign"] = form.fields["campaign"].initial.pk
    data = {k: v for k, v in data.items() if v not in (None, False)}
    return data | changes


def opened():
    return ArticleForm(campaigns=Campaign.objects.all())


def test_admins_see_the_templates_with_the_draft_they_write(campaign, admin_role_client):
    page = admin_role_client.get(URL)

    assert page.status_code == 200
    assert page.context["preview"]["campaign"] == campaign
    html = page.content.decode()
    assert "“春季走访”代表小组主题活动取得明显成效" in html
    assert "省委副书记、省长甲参加所在的娄底市第一代表小组活动" in html


def test_only_admins_edit_the_templates(campaign, leader_client, django_user_model, client):
    staff = login(django_user_model, "staff-x", RoleName.STAFF)
    assert leader_client.get(URL).status_code == 403
    assert staff.get(URL).status_code == 403
    assert client.get(URL).status_code == 302


def test_the_preview_writes_with_the_edited_templates_and_saves_nothing(
    campaign, admin_role_client
):
    data = posted(
        opened(),
        heading_leaders="突出一个“活”字，活动开展有亮度。",
        position_publicity="2",
        **{"text_results.outputs": "共形成调研报告{reports}篇。", "preview": ""},
    )

    page = admin_role_client.post(URL, data)

    assert page.status_code == 200, page.context["form"].errors
    written = page.context["preview"]["paragraphs"]
    assert written[1].startswith("组织保障有力")
    assert written[2].startswith("突出一个“活”字，活动开展有亮度。")
    assert "共形成调研报告1篇。" in page.content.decode()
    assert not ArticleSection.objects.filter(heading__startswith="突出").exists()
    assert not ArticleSentence.objects.filter(text__startswith="共形成").exists()


def test_saving_stores_the_templates_and_the_outlets_order(campaign, admin_role_client):
    data = posted(
        opened(),
        heading_leaders="突出一个“活”字，活动开展有亮度。",
        outlets="红网\n湖南日报\n红网\n",
        **{"text_results.outputs": "共形成调研报告{reports}篇。", "save": ""},
    )
    data.pop("enabled_groups")

    saved = admin_role_client.post(URL, data)

    assert (saved.status_code, saved.url) == (302, URL)
    assert ArticleSection.objects.get(key="leaders").heading.startswith("突出一个")
    assert not ArticleSection.objects.get(key="groups").enabled
    assert ArticleSentence.objects.get(key="results.outputs").text == "共形成调研报告{reports}篇。"
    assert list(Outlet.objects.values_list("name", "position")) == [("红网", 1), ("湖南日报", 2)]
    _title, body = draft_text(campaign)
    assert "共形成调研报告1篇。" in body and "参加率" not in body


def test_a_bad_placeholder_is_refused_with_a_message_and_nothing_is_saved(
    campaign, admin_role_client
):
    data = posted(opened(), **{"text_results.outputs": "共形成{reports.__class__}份。", "save": ""})

    page = admin_role_client.post(URL, data)

    assert page.status_code == 200
    assert page.context["preview"] is None
    errors = page.context["form"].errors["text_results.outputs"]
    assert errors == ["{reports.__class__}不是本句的占位符；本句可用{reports}。"]
    assert ArticleSentence.objects.get(key="results.outputs").text.startswith("各位领导干部代表")


def test_a_save_after_someone_elses_is_refused_and_keeps_the_input(campaign, admin_role_client):
    data = posted(opened(), heading_leaders="我的标题", save="")
    ArticleSection.objects.filter(key="lead").update(heading="别人的标题")

    page = admin_role_client.post(URL, data)

    assert page.status_code == 200
    assert "他人已保存了这项文章模板" in str(page.context["form"].non_field_errors())
    assert ArticleSection.objects.get(key="leaders").heading != "我的标题"
    again = admin_role_client.post(URL, page.context["form"].data)
    assert again.status_code == 302
    assert ArticleSection.objects.get(key="leaders").heading == "我的标题"


def test_a_wording_this_version_refuses_opens_as_shipped(campaign, admin_role_client):
    ArticleSentence.objects.filter(key="problems.highlight").update(text="{leader}，{action}。")

    page = admin_role_client.get(URL)

    assert page.context["form"]["text_problems.highlight"].value() == "{leader}{visit}，{actions}。"
    preview = admin_role_client.post(URL, posted(page.context["form"], preview=""))
    assert preview.context["preview"] is not None


def test_the_page_asks_a_fixed_number_of_queries(
    campaign, admin_role_client, django_assert_num_queries
):
    """The session and the user (4), the campaigns (2: the preview's, the choice's), the
    stored templates (3: sections, sentences, the outlets' order), the campaign's figures
    (3) and the rest of its draft (11: topics, departments, outlets and the office's order
    of them 2, the activities told of with their leaders, the leaders' posts, groups and
    highlighted problems 5, the rank table, suggestions), whatever the days it names
    leaders on."""
    admin_role_client.get(URL)
    with django_assert_num_queries(23):
        assert admin_role_client.get(URL).status_code == 200


# --- what is shipped --------------------------------------------------------------------


def test_a_fresh_database_holds_the_shipped_templates(db):
    assert dict(ArticleSentence.objects.values_list("key", "text")) == {
        sentence.key: sentence.default for sentence in SENTENCES
    }
    assert list(ArticleSection.objects.values_list("key", "heading", "position", "enabled")) == [
        (shipped.key, shipped.heading, position, True)
        for position, shipped in enumerate(SECTIONS, start=1)
    ]
    assert Templates.stored() == Templates.shipped()


def test_every_shipped_wording_passes_its_own_check():
    for sentence in SENTENCES:
        assert refusal(sentence.default, sentence.names) == "", sentence.key
