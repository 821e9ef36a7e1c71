"""The archives of many deputies: a group's page and an area's deputies, on hand-built
records of 2021.

娄底市 (city) holds G1; 娄星区 (a county of it) holds G2; 湘西州 holds G3.

    张伟  G1 all year         a1 G1 03-10 present (problem p1), a3 G1 10-10 leads it
                              (unlisted), a4 G3 05-01 a guest; leads s1; a session duty
    李娜  G2 from 2021-07-01  a2 G2 09-01 present; a5 G2 03-01 present before joining
                              (not her group's then); seconds s1
    王芳  G1 until 2021-06-30 a1 absent: a member with no activity
    赵强  G3                  a4 present: another city's
"""

import datetime
import io
import zipfile

import docx
import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity, Attendance, Problem
from archives import group_views
from archives.figures import archives
from archives.models import ArchiveBatch, Duty, Item, PointsTable, Weight
from representatives.models import Area, Group, Membership, Representative

from ..conftest import kept_for_the_module, login
from ..suggestions.conftest import put

D = datetime.date
YEAR = {"start": "2021-01-01", "end": "2021-12-31"}
pytestmark = pytest.mark.django_db


class Built:
    pass


@pytest.fixture(scope="module", autouse=True)
def built(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        b = Built()
        province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
        b.city = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
        county = Area.objects.create(name="娄星区", kind=Area.Kind.COUNTY, parent=b.city)
        b.other_city = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
        b.g1 = Group.objects.create(name="娄底市第一代表小组", area=b.city)
        b.g2 = Group.objects.create(name="娄星区代表小组", area=county)
        b.g3 = Group.objects.create(name="湘西州代表小组", area=b.other_city)
        b.zhang = Representative.objects.create(code="Z1", name="张伟")
        b.li = Representative.objects.create(code="L1", name="李娜")
        b.wang = Representative.objects.create(code="W1", name="王芳")
        b.zhao = Representative.objects.create(code="Q1", name="赵强")
        Membership.objects.create(representative=b.zhang, group=b.g1)
        Membership.objects.create(representative=b.li, group=b.g2, joined_on=D(2021, 7, 1))
        Membership.objects.create(representative=b.wang, group=b.g1, left_on=D(2021, 6, 30))
        Membership.objects.create(representative=b.zhao, group=b.g3)

        def activity(ref, group, day, **attendance):
            a = Activity.objects.create(ref=ref, date=day, title=f"活动{ref}")
            a.groups.add(group)
            for rep, status in attendance.items():
                Attendance.objects.create(activity=a, representative=getattr(b, rep), status=status)
            return a

        b.a1 = activity("a1", b.g1, D(2021, 3, 10), zhang="present", wang="absent")
        activity("a2", b.g2, D(2021, 9, 1), li="present")
        activity("a3", b.g1, D(2021, 10, 10)).leaders.add(b.zhang)
        activity("a4", b.g3, D(2021, 5, 1), zhang="guest", zhao="present")
        activity("a5", b.g2, D(2021, 3, 1), li="present")
        Problem.objects.create(ref="p1", activity=b.a1, title="村道破损")
        put(b.zhang, [b.li], number=1, submitted_on=D(2021, 4, 1))
        duty = Duty.objects.create(kind="session", date=D(2021, 1, 28), title="省人代会")
        duty.representatives.add(b.zhang)
        yield b


@pytest.fixture
def leader(django_user_model):
    return login(django_user_model, "leader", Role.LEADER)


@pytest.fixture
def staff_city(django_user_model, built):
    return login(django_user_model, "staff-city", Role.STAFF, [built.city])


@pytest.fixture
def staff_other(django_user_model, built):
    return login(django_user_model, "staff-other", Role.STAFF, [built.other_city])


def group_url(group):
    return reverse("archives:group", args=[group.pk])


def area_url(area):
    return reverse("archives:area", args=[area.pk])


def figures(row):
    return (
        row.took_part,
        row.own,
        row.rate,
        row.led,
        row.guest,
        row.problems,
        row.suggestions_led,
        row.suggestions_seconded,
        row.duties,
    )


def names(rows):
    return [row.representative.name for row in rows]


# --- The group's page ----------------------------------------------------------------


def test_the_group_page_lists_the_members_of_the_period_with_their_archives_figures(built, leader):
    response = leader.get(group_url(built.g1), YEAR)

    assert response.status_code == 200
    rows = {row.representative.code: row for row in response.context["rows"]}
    assert set(rows) == {"Z1", "W1"}
    # took part / own, rate, led, guest, problems, suggestions led / seconded, duties
    assert figures(rows["Z1"]) == (2, 2, 100.0, 1, 1, 1, 1, 0, 1)
    assert figures(rows["W1"]) == (0, 1, 0.0, 0, 0, 0, 0, 0, 0)
    assert [m.left_on for m in rows["W1"].memberships] == [D(2021, 6, 30)]
    assert rows["Z1"].points is None  # the office keeps no table of points
    assert [a.ref for a in response.context["activities"]] == ["a3", "a1"]
    page = response.content.decode()
    assert "2021-06-30" in page and "100.0%" in page


def test_the_rows_say_what_archives_says_for_each_member(built, leader):
    rows = leader.get(group_url(built.g2), YEAR).context["rows"]
    expected = archives([built.li], D(2021, 1, 1), D(2021, 12, 31))[built.li.pk]

    (row,) = rows
    assert row.representative == built.li
    # a5 was held before 李娜 joined G2: not hers; a2 is.
    assert (row.took_part, row.own, row.rate) == (1, 1, 100.0)
    assert (row.took_part, row.own, row.rate) == (
        expected.own_took_part,
        len(expected.own),
        expected.rate,
    )
    assert row.suggestions_seconded == len(expected.suggestions_seconded) == 1


def test_a_member_outside_the_period_is_not_listed(built, leader):
    second_half = leader.get(group_url(built.g1), {"start": "2021-07-01", "end": "2021-12-31"})
    assert names(second_half.context["rows"]) == ["张伟"]


def test_the_group_page_opens_on_the_latest_year_of_its_activities(built, leader):
    response = leader.get(group_url(built.g1))
    period = response.context["period"]
    assert (period.start, period.end) == (D(2021, 1, 1), D(2021, 12, 31))
    assert period.why  # said so


def test_the_members_sort_by_rate_by_default_and_by_any_column_asked(built, leader):
    url = group_url(built.g1)
    default = leader.get(url, YEAR)
    by_name = leader.get(url, YEAR | {"sort": "name"})
    by_duties = leader.get(url, YEAR | {"sort": "duties"})
    unknown = leader.get(url, YEAR | {"sort": "points"})  # no table of points: the rate

    assert default.context["sort"] == "rate"
    assert names(default.context["rows"]) == ["张伟", "王芳"]
    assert [row.rank for row in default.context["rows"]] == [1, 2]
    assert by_name.context["sort"] == "name"
    assert names(by_name.context["rows"]) == sorted(["张伟", "王芳"])
    assert names(by_duties.context["rows"]) == ["张伟", "王芳"]
    assert unknown.context["sort"] == "rate"
    assert "Points" not in default.context["columns"]
    assert "points" not in default.context["columns"]


def test_with_a_table_of_points_the_members_rank_by_points(built, leader):
    table = PointsTable.objects.create(name="积分表", valid_from=D(2021, 1, 1))
    Weight.objects.create(table=table, item=Item.ATTENDED, points=2)
    Weight.objects.create(table=table, item=Item.LED, points=3)

    response = leader.get(group_url(built.g1), YEAR)

    assert response.context["sort"] == "points"
    rows = response.context["rows"]
    expected = archives([built.zhang], D(2021, 1, 1), D(2021, 12, 31))[built.zhang.pk]
    assert rows[0].representative == built.zhang
    assert rows[0].points == expected.points_total == 7  # a1 and a3 attended, a3 led
    assert rows[1].points == 0
    assert "points" in response.context["columns"]


def test_the_switch_counts_the_records_awaiting_review(built, leader):
    waiting = Activity.objects.create(ref="a9", date=D(2021, 11, 1), title="待审核活动")
    waiting.groups.add(built.g1)
    Attendance.objects.create(activity=waiting, representative=built.zhang, status="present")
    Activity.objects.filter(pk=waiting.pk).update(review="submitted")

    approved = leader.get(group_url(built.g1), YEAR)
    pending = leader.get(group_url(built.g1), YEAR | {"pending": "1"})

    zhang = next(r for r in approved.context["rows"] if r.representative == built.zhang)
    assert (zhang.took_part, zhang.own) == (2, 2)
    zhang = next(r for r in pending.context["rows"] if r.representative == built.zhang)
    assert (zhang.took_part, zhang.own) == (3, 3)
    assert "待审核活动" in pending.content.decode()
    assert "待审核活动" not in approved.content.decode()


def test_a_group_out_of_the_users_areas_is_not_found(built, staff_city, staff_other):
    assert staff_city.get(group_url(built.g2), YEAR).status_code == 200  # a county below
    assert staff_other.get(group_url(built.g1), YEAR).status_code == 404
    assert staff_city.get(reverse("archives:group", args=[999_999])).status_code == 404


@pytest.mark.parametrize("members", [2, 6])
def test_the_group_page_runs_the_same_queries_whatever_its_members(
    built, leader, django_assert_num_queries, members
):
    group = Group.objects.create(name=f"{members}人小组", area=built.city)
    reps = [Representative.objects.create(code=f"M{n}", name=f"成员{n}") for n in range(members)]
    for rep in reps:
        Membership.objects.create(representative=rep, group=group)
    for day in (D(2021, 4, 1), D(2021, 8, 1)):
        a = Activity.objects.create(date=day, title="学习")
        a.groups.add(group)
        a.leaders.add(reps[0])
        for rep in reps:
            Attendance.objects.create(activity=a, representative=rep, status="present")
            Problem.objects.create(activity=a, title=f"问题{rep.code}")
    leader.get(group_url(group), YEAR)  # the session, once

    with django_assert_num_queries(27):
        response = leader.get(group_url(group), YEAR)

    assert len(response.context["rows"]) == members


# --- The area's deputies --------------------------------------------------------------


def test_the_area_page_ranks_the_deputies_of_its_groups_and_those_below(built, leader):
    response = leader.get(area_url(built.city), YEAR)

    assert response.status_code == 200
    rows = response.context["rows"]
    # by rate (then how many taken part in): 100 (2), 100 (1), 0; 赵强 is 湘西州's
    assert names(rows) == ["张伟", "李娜", "王芳"]
    assert [row.rank for row in rows] == [1, 2, 3]
    expected = archives([built.zhang, built.li, built.wang], D(2021, 1, 1), D(2021, 12, 31))
    for row in rows:
        got = expected[row.representative.pk]
        assert figures(row)[:4] == (got.own_took_part, len(got.own), got.rate, len(got.led))
    assert names(response.context["idle"]) == ["王芳"]
    page = response.content.decode()
    assert "娄星区代表小组" in page  # each deputy's group
    assert "赵强" not in page


def test_the_area_page_sorts_and_pages(built, leader, monkeypatch):
    monkeypatch.setattr(group_views, "AREA_PAGE_SIZE", 2)
    first = leader.get(area_url(built.city), YEAR | {"sort": "suggestions_seconded"})
    second = leader.get(area_url(built.city), YEAR | {"sort": "suggestions_seconded", "page": 2})

    assert names(first.context["page"].object_list) == ["李娜", "张伟"]
    assert names(second.context["page"].object_list) == ["王芳"]
    assert "sort=suggestions_seconded" in first.content.decode().split("pagination")[1]


def test_an_area_out_of_the_users_areas_is_not_found(built, staff_city, staff_other):
    assert staff_city.get(area_url(built.city), YEAR).status_code == 200
    assert staff_other.get(area_url(built.city), YEAR).status_code == 404


def test_the_area_detail_page_links_the_ranking_and_names_the_idle_deputies(built, leader):
    url = reverse("activities:area-detail", args=[built.city.pk])
    response = leader.get(url, {"date_after": "2021-01-01", "date_before": "2021-12-31"})

    assert [rep.name for rep in response.context["idle"]] == ["王芳"]
    page = response.content.decode()
    assert area_url(built.city) in page
    assert "代表本期无活动记录" in page


# --- The batch download ---------------------------------------------------------------


def read_zip(response):
    content = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(content))


def title_of(bundle, name):
    document = docx.Document(io.BytesIO(bundle.read(name)))
    return next(p.text for p in document.paragraphs if p.style.name == "Title")


def test_a_small_batch_is_answered_in_the_request(built, leader):
    response = leader.get(reverse("archives:group-zip", args=[built.g1.pk]), YEAR)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = read_zip(response)
    assert sorted(bundle.namelist()) == ["张伟-Z1.docx", "王芳-W1.docx"]
    assert "张伟" in title_of(bundle, "张伟-Z1.docx")
    assert "王芳" in title_of(bundle, "王芳-W1.docx")


@override_settings(ARCHIVE_ZIP_INLINE=1)
def test_a_large_batch_is_written_in_the_background_then_downloaded(
    built, staff_city, staff_other, leader, tmp_path
):
    with override_settings(MEDIA_ROOT=tmp_path):
        asked = staff_city.get(reverse("archives:area-zip", args=[built.city.pk]), YEAR)
        batch = ArchiveBatch.objects.get()
        page = staff_city.get(asked["Location"])
        file_url = reverse("archives:batch-file", args=[batch.pk])
        download = staff_city.get(file_url)
        by_leader = leader.get(file_url)  # sees the area
        by_other = staff_other.get(file_url)  # does not
        other_page = staff_other.get(batch.get_absolute_url())

    assert asked.status_code == 302 and asked["Location"] == batch.get_absolute_url()
    # The immediate backend (SQLite) wrote it in the request.
    assert (batch.status, batch.deputies, batch.area) == ("done", 3, built.city)
    assert file_url in page.content.decode()
    bundle = read_zip(download)
    assert sorted(bundle.namelist()) == ["张伟-Z1.docx", "李娜-L1.docx", "王芳-W1.docx"]
    assert "李娜" in title_of(bundle, "李娜-L1.docx")
    assert by_leader.status_code == 200
    assert (by_other.status_code, other_page.status_code) == (404, 404)


def test_a_batch_out_of_the_users_areas_is_not_found(built, staff_other):
    assert (
        staff_other.get(reverse("archives:group-zip", args=[built.g1.pk]), YEAR).status_code == 404
    )
    assert (
        staff_other.get(reverse("archives:area-zip", args=[built.city.pk]), YEAR).status_code == 404
    )
