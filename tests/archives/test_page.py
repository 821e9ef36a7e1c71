"""A deputy's archive page, its print view and its Word file, on the hand-built records of
test_figures.py (张伟's and 李娜's 2021 in 娄底市), with a few records from 湘西州 that a
娄底 staff member reads in the archive but cannot open:

    ax  湘西州 group 06-15  张 a guest (problem px)
    s9  王五 of 湘西州 leads (07-01), 张 seconds
"""

import datetime
import io
import re
from urllib.parse import unquote

import docx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from activities.models import Activity, Attendance, Problem
from archives.figures import archive
from representatives.models import Area, Group, Membership, Representative

from ..conftest import login
from ..suggestions.conftest import put
from .test_figures import YEAR, built  # noqa: F401 (the module's records)

D = datetime.date
pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


class Scene:
    pass


@pytest.fixture(scope="module")
def scene(built, django_db_blocker):  # noqa: F811
    """The records of test_figures, 湘西州's, and a client per persona (the transaction of
    `built` rolls them back after the module)."""
    with django_db_blocker.unblock():
        s = Scene()
        s.b = built
        loudi = Area.objects.get(name="娄底市")
        xiangxi = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=loudi.parent)
        gx = Group.objects.create(name="湘西州第一代表小组", area=xiangxi)
        s.wangwu = Representative.objects.create(code="W5", name="王五")
        Membership.objects.create(representative=s.wangwu, group=gx)
        s.ax = Activity.objects.create(ref="ax", date=D(2021, 6, 15), title="湘西调研")
        s.ax.groups.add(gx)
        Attendance.objects.create(activity=s.ax, representative=built.zhang, status="guest")
        s.px = Problem.objects.create(ref="px", activity=s.ax, title="湘西的问题")
        s.s9 = put(s.wangwu, [built.zhang], number=9, submitted_on=D(2021, 7, 1))
        s.newcomer = Representative.objects.create(code="N1", name="王新")
        Membership.objects.create(
            representative=s.newcomer, group=Group.objects.get(name="娄底市第一代表小组")
        )
        users = get_user_model()
        s.leader = login(users, "leader", Role.LEADER)
        s.admin = login(users, "office-admin", Role.ADMIN)
        s.staff_loudi = login(users, "staff-loudi", Role.STAFF, [loudi])
        s.staff_xiangxi = login(users, "staff-xiangxi", Role.STAFF, [xiangxi])
        yield s


def page(client, rep, **query):
    return client.get(reverse("archives:representative", args=[rep.pk]), query, **ZH)


def test_the_archive_is_read_by_leaders_staff_of_its_area_and_admins(scene):
    for client in (scene.leader, scene.admin, scene.staff_loudi):
        response = page(client, scene.b.zhang)
        assert response.status_code == 200
        assert "<h1>张伟履职档案" in response.content.decode()


def test_a_deputy_out_of_the_users_areas_is_not_found(scene):
    assert page(scene.staff_xiangxi, scene.b.zhang).status_code == 404
    assert page(scene.staff_loudi, scene.wangwu).status_code == 404
    anonymous = Client().get(reverse("archives:representative", args=[scene.b.zhang.pk]))
    assert anonymous.status_code == 302


def figures_shown(html):
    """{label: (value, anchor)}: the figures of the page as a reader sees them."""
    pattern = r'<div><dt>([^<]+)</dt><dd class="number"><a href="#([\w-]+)">([^<]+)</a></dd></div>'
    return {label: (value, anchor) for label, anchor, value in re.findall(pattern, html)}


def test_the_numbers_are_the_archives_and_each_leads_to_its_records(scene):
    response = page(scene.leader, scene.b.zhang, year="2021")
    html = response.content.decode()
    shown = figures_shown(html)
    got = archive(scene.b.zhang, *YEAR)
    own = got.own_counts
    assert shown["参加本小组活动"] == (f"3 / 6（{got.rate:.1f}%）", "own")
    assert (own["present"], own["leave"], own["absent"], own["unrecorded"]) == (3, 1, 1, 1)
    for label, count in [("请假", 1), ("缺席", 1), ("未登记", 1)]:
        assert shown[label] == (str(count), "own")
    assert shown["作为嘉宾参加其他小组活动"] == (str(len(got.guest)), "guest") == ("2", "guest")
    assert shown["带队的活动"] == ("1", "led")
    assert shown["收集问题"] == ("3", "problems")  # p1, p2 and 湘西's px
    assert shown["领衔提出建议"] == ("1", "suggestions")
    assert shown["附议建议"] == ("2", "suggestions")
    assert shown["满意率"] == ("50.0%", "suggestions")
    assert shown["出席人代会会议"] == ("1", "duties-meetings")
    assert shown["积分合计"] == (f"{got.points_total.normalize():f}", "points")
    # Every figure's anchor is a list on the page, and it lists what it counts.
    for _value, anchor in shown.values():
        assert f'id="{anchor}"' in html
    own_list = html.split('id="own"')[1].split("</table>")[0]
    assert own_list.count("<tr>") == 1 + 6  # the heading and the six activities
    assert "未登记" in own_list and "带队" in own_list


def test_a_rate_of_nothing_is_a_dash_and_a_zero_leads_nowhere(scene):
    html = page(scene.leader, scene.newcomer, year="2021").content.decode()
    assert '<dt>满意率</dt><dd class="number">—</dd>' in html
    assert '<dt>领衔提出建议</dt><dd class="number">0</dd>' in html
    assert set(figures_shown(html)) == {"参加本小组活动", "未登记"}  # not listed at five


def test_the_points_are_every_line_and_the_total(scene):
    html = page(scene.leader, scene.b.zhang, year="2021").content.decode()
    points = html.split('id="points"')[1].split("</table>")[0]
    assert "2021年积分表" in points and "2021年下半年积分表" in points
    assert points.count("<tr>") == 1 + len(archive(scene.b.zhang, *YEAR).points) + 1


def test_the_basic_facts_and_the_post_held_on_each_records_day(scene):
    html = page(scene.leader, scene.b.zhang, year="2021").content.decode()
    facts = html.split('id="part-basics"')[1].split("</section>")[0]
    assert "副省长" in facts and "省发展改革委主任" in facts and "2021-06-30" in facts
    assert "娄底市第二代表小组" in facts and "2021-07-01" in facts
    own_list = html.split('id="own"')[1].split("</table>")[0]
    row = re.search(r"<tr><td[^>]*>2021-03-10</td>.*?</tr>", own_list, re.S).group(0)
    assert "省发展改革委主任" in row  # 时任, not today's post


def test_another_areas_records_are_counted_and_dated_but_not_named_nor_linked(scene):
    from_loudi = page(scene.staff_loudi, scene.b.zhang, year="2021").content.decode()
    from_above = page(scene.leader, scene.b.zhang, year="2021").content.decode()
    ax = reverse("activities:activity-detail", args=[scene.ax.pk])
    px = reverse("activities:problem-detail", args=[scene.px.pk])
    s9 = reverse("suggestions:detail", args=[scene.s9.pk])
    a1 = reverse("activities:activity-detail", args=[scene.b.a1.pk])
    for target in (ax, px, s9):
        assert target in from_above
        assert target not in from_loudi
    for title in ("湘西调研", "湘西的问题", "关于第9件事的建议"):
        assert title in from_above
        assert title not in from_loudi
    guest = from_loudi.split('id="guest"')[1].split("</table>")[0]
    assert "2021-06-15" in guest and "（所辖地区以外的记录）" in guest
    assert figures_shown(from_loudi) == figures_shown(from_above)  # counted all the same
    assert a1 in from_loudi


def test_the_duties_link_to_their_edit_page_only_for_who_may_edit(scene):
    leader = page(scene.leader, scene.b.zhang, year="2021").context["followable"]
    staff = page(scene.staff_loudi, scene.b.zhang, year="2021").context["followable"]
    assert leader["duties"] == set()
    assert staff["duties"] == {scene.b.d1.pk, scene.b.d2.pk}


def test_asked_for_no_period_the_latest_year_with_records_and_why(scene):
    response = page(scene.leader, scene.b.zhang)
    period = response.context["period"]
    assert (period.start, period.end) == YEAR
    assert period.why in response.content.decode()
    newcomer = page(scene.leader, scene.newcomer).context["period"]
    assert newcomer.end.year == newcomer.start.year == datetime.date.today().year
    assert newcomer.why


@pytest.mark.parametrize("persona", ["leader", "staff_loudi"])
def test_the_page_asks_as_many_queries_whatever_the_history(
    scene, persona, django_assert_num_queries
):
    """The archive's 17, the deputy and their mandates and groups (3), what the viewer may
    read (4) and follow (the groups, and the duties for a user who may edit them), the
    period's form (2) and the request's own (the session, the user, their permissions and
    areas, the demo's banner)."""
    client = getattr(scene, persona)
    page(client, scene.b.zhang)  # the first request of a session writes it: not the page's
    for rep in (scene.b.zhang, scene.b.li, scene.newcomer):
        with django_assert_num_queries(QUERIES[persona]):
            assert page(client, rep, year="2021").status_code == 200


QUERIES = {"leader": 32, "staff_loudi": 33}


def test_the_print_view_is_the_archive_without_the_sites_chrome_or_links(scene):
    url = reverse("archives:representative-print", args=[scene.b.zhang.pk])
    response = scene.leader.get(url, {"year": "2021"}, **ZH)
    html = response.content.decode()
    sheet = html.split('<article class="archive-sheet">')[1]
    assert 'class="masthead"' not in html
    assert "<a " not in sheet
    assert "一、基本情况" in sheet and "九、履职积分" in sheet
    assert "3 / 6（50.0%）" in sheet
    link = page(scene.leader, scene.b.zhang, year="2021").content.decode()
    assert f'href="{url}?year=2021"' in link


def test_the_word_file_is_the_archive_for_the_period_under_a_chinese_name(scene):
    url = reverse("archives:representative-docx", args=[scene.b.zhang.pk])
    response = scene.staff_loudi.get(url, {"year": "2021"}, **ZH)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "张伟-2021年-履职档案.docx"
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、基本情况" and headings[-1] == "九、履职积分"
    assert "参加本小组活动：3 / 6（50.0%）" in [p.text for p in document.paragraphs]
    assert scene.staff_xiangxi.get(url).status_code == 404
    assert "湘西调研" not in "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_in_english(scene):
    client = Client()
    client.force_login(scene.leader.user)
    client.cookies["django_language"] = "en"
    with translation.override("zh-hans"):  # the request leaves English active: not after
        html = page(client, scene.b.li, year="2021").content.decode()
    assert "1. Basic facts" in html
    assert "2 of 2 (100.0%)" in html
