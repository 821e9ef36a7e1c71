"""A deputy's archive (archives/figures.py), pinned on hand-built records of 2021.

张伟 is a member of G1 all year and joins G2 on 2021-07-01; 李娜 is a member of G2 all year.

    a1  G1 03-10  张 present                 (campaign C, problems p1 resolved, p4 awaiting review)
    a2  G1 05-10  张 on leave                (problem p3: 张 was not there)
    a3  G1 08-10  张 absent
    a4  G1 10-10  张 leads it, not listed
    a5  G2 03-01  李 present                 (before 张 joined G2: not 张's)
    a6  G2 09-01  张 present, 李 present
    a7  G3 06-01  张 a guest                 (problem p2 open)
    a8  G1 2020-12-20  张 present            (before the period)
    a9  G1 11-01  张 present, awaiting review (does not count)
    a10 G1 12-01  张 not listed              (unrecorded)

Own activities of 张: a1 a2 a3 a4 a6 a10 → present 3 (a1, a4 led, a6), leave 1, absent 1,
unrecorded 1; rate 3 / 6 = 50.0. Led a4; guest a7.
Suggestions: s1 张 leads (04-01, campaign C, reply A, 满意); s2 李 leads, 张 seconds (06-01,
reply B, 不满意); s0 张 leads but was put in 2020. Outputs: o1 research report 05-20; o2 a
motion without a date at a6 (09-01); s1's mirrored output is the suggestion, not an output.
Duties: d1 session 01-28 (张, 李); d2 training 07-15; d3 commendation 2020-12-30 (before).
Posts: 张 省发展改革委主任 until 06-30, 副省长 from 07-01.
Points: table T1 from 2021-01-01, T2 from 2021-07-01 (a group activity attended worth 4,
not 2; the rest alike).
"""

import datetime
from decimal import Decimal

import pytest

from activities.models import Activity, Attendance, Campaign, Department, Output, Problem
from archives.figures import archive, archives
from archives.models import Duty, Item, PointsTable, Weight
from representatives.models import Area, Group, Membership, PostHeld, Representative
from suggestions.models import Rating

from ..conftest import kept_for_the_module
from ..suggestions.conftest import put

D = datetime.date
pytestmark = pytest.mark.django_db
YEAR = (D(2021, 1, 1), D(2021, 12, 31))
T1 = {
    Item.ATTENDED: 2, Item.LED: 3, Item.GUEST: 1, Item.PROBLEM_RAISED: 1,
    Item.PROBLEM_RESOLVED: 2, Item.SUGGESTION_LED: 3, Item.SUGGESTION_SECONDED: 1,
    Item.OUTPUT: 3, Item.SESSION: 2, Item.TRAINING: 1,
}  # fmt: skip


class Built:
    pass


@pytest.fixture(scope="module", autouse=True)
def built(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        b = Built()
        province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
        city = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
        g1, g2, g3 = (
            Group.objects.create(name=f"娄底市第{n}代表小组", area=city) for n in "一二三"
        )
        b.zhang = Representative.objects.create(code="Z1", name="张伟", post="副省长")
        b.li = Representative.objects.create(code="L1", name="李娜")
        Membership.objects.create(representative=b.zhang, group=g1)
        Membership.objects.create(representative=b.zhang, group=g2, joined_on=D(2021, 7, 1))
        Membership.objects.create(representative=b.li, group=g2, joined_on=D(2019, 1, 1))
        b.campaign = Campaign.objects.create(
            title="为群众办实事", slug="c2021", start=D(2021, 1, 1), end=D(2021, 11, 30)
        )
        Campaign.objects.create(
            title="2020年活动", slug="c2020", start=D(2020, 1, 1), end=D(2020, 12, 31)
        ).leaders.add(b.zhang)
        b.campaign.leaders.add(b.zhang)

        def activity(n, group, day, present=(), **attendance):
            a = Activity.objects.create(
                ref=f"a{n}",
                date=day,
                title=f"活动{n}",
                campaign=b.campaign if day.year == 2021 and day <= D(2021, 11, 30) else None,
            )
            a.groups.add(group)
            for rep in present:
                Attendance.objects.create(activity=a, representative=rep, status="present")
            for status, rep in attendance.items():
                Attendance.objects.create(activity=a, representative=rep, status=status)
            return a

        b.a1 = activity(1, g1, D(2021, 3, 10), [b.zhang])
        b.a2 = activity(2, g1, D(2021, 5, 10), leave=b.zhang)
        activity(3, g1, D(2021, 8, 10), absent=b.zhang)
        b.a4 = activity(4, g1, D(2021, 10, 10))
        b.a4.leaders.add(b.zhang)
        activity(5, g2, D(2021, 3, 1), [b.li])
        b.a6 = activity(6, g2, D(2021, 9, 1), [b.zhang, b.li])
        b.a7 = activity(7, g3, D(2021, 6, 1), guest=b.zhang)
        activity(8, g1, D(2020, 12, 20), [b.zhang])
        a9 = activity(9, g1, D(2021, 11, 1), [b.zhang])
        Activity.objects.filter(pk=a9.pk).update(review="submitted")
        activity(10, g1, D(2021, 12, 1))

        water = Department.objects.create(name="省水利厅")

        def problem(ref, at, status, **fields):
            return Problem.objects.create(
                ref=ref, activity=at, title=f"问题{ref}", status=status, **fields
            )

        b.p1 = problem("p1", b.a1, "resolved", outcome="已修好", resolved_on=D(2021, 4, 1))
        b.p2 = problem("p2", b.a7, "open")
        problem("p3", b.a2, "open")
        p4 = problem("p4", b.a1, "open")
        Problem.objects.filter(pk=p4.pk).update(review="submitted")

        b.s1 = put(b.zhang, number=1, submitted_on=D(2021, 4, 1), campaign=b.campaign)
        b.s1.assign(water, on=D(2021, 4, 10))
        b.s1.reply("A", "已解决", on=D(2021, 6, 10))
        b.s1.rate(Rating.SATISFIED, on=D(2021, 6, 20))
        b.s2 = put(b.li, [b.zhang], number=2, submitted_on=D(2021, 6, 1))
        b.s2.assign(water, on=D(2021, 6, 5))
        b.s2.reply("B", "列入计划", on=D(2021, 8, 1))
        b.s2.rate(Rating.DISSATISFIED, "太慢", on=D(2021, 8, 10))
        put(b.zhang, number=3, submitted_on=D(2020, 11, 1))

        b.o1 = Output.objects.create(
            kind="research_report", title="调研报告", date=D(2021, 5, 20), campaign=b.campaign
        )
        b.o1.representatives.add(b.zhang)
        b.o2 = Output.objects.create(kind="motion", title="议案", activity=b.a6)
        b.o2.representatives.add(b.zhang)

        def duty(kind, day, *reps):
            d = Duty.objects.create(kind=kind, date=day, title=f"{kind} {day}")
            d.representatives.add(*reps)
            return d

        b.d1 = duty("session", D(2021, 1, 28), b.zhang, b.li)
        b.d2 = duty("training", D(2021, 7, 15), b.zhang)
        duty("commendation", D(2020, 12, 30), b.zhang)

        PostHeld.objects.create(
            representative=b.zhang, title="省发展改革委主任", ended_on=D(2021, 6, 30)
        )
        PostHeld.objects.create(representative=b.zhang, title="副省长", started_on=D(2021, 7, 1))

        b.t1 = PointsTable.objects.create(name="2021年积分表", valid_from=D(2021, 1, 1))
        b.t2 = PointsTable.objects.create(name="2021年下半年积分表", valid_from=D(2021, 7, 1))
        for item, points in T1.items():
            Weight.objects.create(table=b.t1, item=item, points=points)
            Weight.objects.create(
                table=b.t2, item=item, points=4 if item == Item.ATTENDED else points
            )
        yield b


@pytest.fixture
def b(built):
    return built


def test_own_activities_count_only_while_a_member_and_each_state_apart(b):
    got = archive(b.zhang, *YEAR)
    assert {line.activity.ref for line in got.own} == {"a1", "a2", "a3", "a4", "a6", "a10"}
    assert got.own_counts == {"present": 3, "leave": 1, "absent": 1, "unrecorded": 1}
    assert got.own_took_part == 3
    assert got.rate == 50.0


def test_a_member_who_joined_mid_year_is_rated_on_the_activities_after_joining(b):
    second_half = archive(b.zhang, D(2021, 7, 1), D(2021, 12, 31))
    assert {line.activity.ref for line in second_half.own} == {"a3", "a4", "a6", "a10"}
    # a5 (G2, 03-01) was before 张 joined G2: neither counted nor listed.
    assert "a5" not in {line.activity.ref for line in archive(b.zhang, *YEAR).activities}


def test_led_and_guest_appearances(b):
    got = archive(b.zhang, *YEAR)
    assert [line.activity.ref for line in got.led] == ["a4"]
    assert [line.activity.ref for line in got.guest] == ["a7"]
    assert not got.guest[0].own


def test_problems_are_those_raised_where_the_deputy_took_part(b):
    got = archive(b.zhang, *YEAR)
    assert {p.ref for p in got.problems} == {"p1", "p2"}
    assert got.problem_counts == {"open": 1, "in_progress": 0, "resolved": 1, "unresolvable": 0}


def test_suggestions_led_and_seconded_with_their_replies(b):
    got = archive(b.zhang, *YEAR)
    assert [s.number for s in got.suggestions_led] == [1]
    assert [s.number for s in got.suggestions_seconded] == [2]
    assert got.reply_classes == {"A": 1, "B": 1, "C": 0, "D": 0}
    assert got.ratings == {"satisfied": 1, "basically_satisfied": 0, "dissatisfied": 1}
    assert got.satisfaction_rate == 50.0


def test_outputs_leave_out_the_suggestions_they_mirror_and_take_their_activitys_date(b):
    got = archive(b.zhang, *YEAR)
    assert b.s1.output_id  # a suggestion of the campaign has its output …
    assert {o.title for o in got.outputs} == {"调研报告", "议案"}  # … counted as the suggestion
    assert got.output_counts == {"research_report": 1, "suggestion": 0, "motion": 1}
    assert archive(b.zhang, D(2021, 9, 1), D(2021, 9, 1)).output_counts["motion"] == 1


def test_campaigns_enrolled_and_taken_part_in(b):
    got = archive(b.zhang, *YEAR)
    assert [c.slug for c in got.campaigns_enrolled] == ["c2021"]
    assert [c.slug for c in got.campaigns_taken_part] == ["c2021"]
    assert archive(b.li, *YEAR).campaigns_enrolled == []


def test_duties_of_the_period_by_kind_and_part(b):
    got = archive(b.zhang, *YEAR)
    assert got.duty_counts["session"] == 1
    assert got.duty_counts["training"] == 1
    assert got.duty_counts["commendation"] == 0
    assert [d.kind for d in got.duties_of("meetings")] == ["session"]


def test_each_activity_names_the_post_held_on_its_day(b):
    lines = {line.activity.ref: line.post for line in archive(b.zhang, *YEAR).activities}
    assert lines["a1"] == "省发展改革委主任"
    assert lines["a6"] == "副省长"


def points_by_line(got):
    return {(line.item, line.table.name): (line.count, line.points) for line in got.points}


def test_points_line_by_line_by_the_table_in_force_on_each_record(b):
    got = archive(b.zhang, *YEAR)
    assert points_by_line(got) == {
        ("attended", "2021年积分表"): (1, 2),
        ("guest", "2021年积分表"): (1, 1),
        ("problem_raised", "2021年积分表"): (2, 2),
        ("problem_resolved", "2021年积分表"): (1, 2),
        ("suggestion_led", "2021年积分表"): (1, 3),
        ("suggestion_seconded", "2021年积分表"): (1, 1),
        ("output", "2021年积分表"): (1, 3),
        ("session", "2021年积分表"): (1, 2),
        ("attended", "2021年下半年积分表"): (2, 8),
        ("led", "2021年下半年积分表"): (1, 3),
        ("output", "2021年下半年积分表"): (1, 3),
        ("training", "2021年下半年积分表"): (1, 1),
    }
    assert got.points_total == Decimal(31)


def test_a_weight_changed_recomputes_and_the_old_table_keeps_its_period(b):
    first_half = archive(b.zhang, D(2021, 1, 1), D(2021, 6, 30)).points_total
    Weight.objects.filter(table=b.t2, item=Item.ATTENDED).update(points=5)
    assert archive(b.zhang, *YEAR).points_total == Decimal(33)
    assert archive(b.zhang, D(2021, 1, 1), D(2021, 6, 30)).points_total == first_half == 16


def test_no_table_of_points_no_points(b):
    PointsTable.objects.all().delete()
    assert archive(b.zhang, *YEAR).points is None


def test_many_deputies_at_once_say_what_each_alone_says(b):
    both = archives([b.zhang.pk, b.li.pk], *YEAR)
    for rep in (b.zhang, b.li):
        alone = archive(rep, *YEAR)
        assert both[rep.pk].own_counts == alone.own_counts
        assert both[rep.pk].points_total == alone.points_total
        assert [s.pk for s, _ in both[rep.pk].suggestions] == [s.pk for s, _ in alone.suggestions]
    assert both[b.li.pk].rate == 100.0  # a5 and a6


def test_the_same_queries_whatever_the_history(b, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        archive(b.zhang, *YEAR)
    with django_assert_num_queries(QUERIES):
        archive(b.li, *YEAR)
    with django_assert_num_queries(QUERIES):
        archives([b.zhang.pk, b.li.pk], *YEAR)
    newcomer = Representative.objects.create(code="N1", name="王新")
    with django_assert_num_queries(QUERIES):
        assert archive(newcomer, *YEAR).activities == []


QUERIES = 17
