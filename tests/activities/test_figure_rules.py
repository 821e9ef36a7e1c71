"""Each rule of DESIGN.md's "Campaign figures", pinned on the smallest hand-built case."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.figures import campaign_figures, campaigns_participation, resolution_rate
from activities.models import Activity, Attendance, Campaign, ContactTally, Output, Problem
from activities.rates import percentage
from representatives.models import Area, Group, Membership, Representative

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 3, 1), datetime.date(2024, 5, 31)
INSIDE = datetime.date(2024, 4, 10)


@pytest.fixture
def area():
    return Area.objects.create(name="娄底市", kind=Area.Kind.CITY)


@pytest.fixture
def campaign():
    return Campaign.objects.create(title="春季走访", slug="spring", start=START, end=END)


def person(code, leader=False):
    return Representative.objects.create(code=code, name=code, is_provincial_leader=leader)


def member(rep, group, joined=datetime.date(2020, 1, 1), left=None):
    return Membership.objects.create(
        representative=rep, group=group, joined_on=joined, left_on=left
    )


def activity(campaign, group, *, day=INSIDE, leaders=(), present=(), guests=(), absent=(), **extra):
    act = Activity.objects.create(campaign=campaign, date=day, title="活动", **extra)
    act.groups.add(group)
    act.leaders.add(*leaders)
    for status, people in [("present", present), ("guest", guests), ("absent", absent)]:
        for rep in people:
            Attendance.objects.create(activity=act, representative=rep, status=status)
    return act


@pytest.fixture
def group(area):
    return Group.objects.create(name="第一小组", area=area)


def members(campaign):
    figures = campaign_figures(campaign)["group_members"]
    return figures["total"], figures["participated"]


def test_a_leader_who_led_but_did_not_attend_took_part(campaign, group):
    leader = person("L", leader=True)
    member(leader, group)
    campaign.leaders.add(leader)
    activity(campaign, group, leaders=[leader])

    assert campaign_figures(campaign)["leaders"] == {"enrolled": 1, "participated": 1}


def test_a_leader_who_took_part_only_outside_the_campaign_did_not(campaign, group):
    leader = person("L", leader=True)
    member(leader, group)
    campaign.leaders.add(leader)
    activity(None, group, present=[leader])  # a group meeting outside any campaign
    other = Campaign.objects.create(title="另一活动", slug="other", start=START, end=END)
    activity(other, group, leaders=[leader])

    assert campaign_figures(campaign)["leaders"] == {"enrolled": 1, "participated": 0}


def test_a_member_who_left_before_the_campaign_is_not_counted(campaign, group):
    leader, gone = person("L", leader=True), person("G")
    member(leader, group)
    member(gone, group, left=datetime.date(2024, 2, 29))
    campaign.leaders.add(leader)

    assert members(campaign) == (1, 0)


def test_a_member_who_joined_during_the_campaign_is_counted(campaign, group):
    leader, new = person("L", leader=True), person("N")
    member(leader, group)
    member(new, group, joined=datetime.date(2024, 5, 1))
    campaign.leaders.add(leader)
    activity(campaign, group, day=datetime.date(2024, 5, 10), present=[new])

    assert members(campaign) == (2, 1)


def test_a_person_in_two_leader_groups_is_counted_once(campaign, group, area):
    second = Group.objects.create(name="第二小组", area=area)
    one, two, both = person("L1", leader=True), person("L2", leader=True), person("B")
    member(one, group)
    member(two, second)
    member(both, group)
    member(both, second)
    campaign.leaders.add(one, two)
    activity(campaign, group, present=[both])

    assert members(campaign) == (3, 1)


def test_a_guest_from_outside_the_leader_groups_is_not_counted(campaign, group, area):
    leader, outsider = person("L", leader=True), person("O")
    member(leader, group)
    member(outsider, Group.objects.create(name="别的小组", area=area))
    campaign.leaders.add(leader)
    activity(campaign, group, leaders=[leader], guests=[outsider])

    assert members(campaign) == (1, 1)


def test_absent_members_did_not_take_part(campaign, group):
    leader, away = person("L", leader=True), person("A")
    member(leader, group)
    member(away, group)
    campaign.leaders.add(leader)
    activity(campaign, group, leaders=[leader], absent=[away])

    assert members(campaign) == (2, 1)


def test_only_accompanied_activities_count_for_accompanied_leaders(campaign, group):
    one, two = person("L1", leader=True), person("L2", leader=True)
    member(one, group)
    member(two, group)
    campaign.leaders.add(one, two)
    activity(campaign, group, leaders=[one], accompanied=True)
    activity(campaign, group, leaders=[two], accompanied=False)

    assert campaign_figures(campaign)["activities"]["accompanied_leaders"] == 1


def test_problems_outputs_and_tallies_are_the_campaigns(campaign, group, area):
    act = activity(campaign, group)
    other = Campaign.objects.create(title="另一活动", slug="other", start=START, end=END)
    Problem.objects.create(activity=act, title="甲", status="resolved")
    Problem.objects.create(activity=act, title="乙", status="unresolvable", note="无法解决")
    Problem.objects.create(activity=activity(other, group), title="丙", status="resolved")
    Output.objects.create(kind="suggestion", title="both", campaign=campaign, activity=act)
    Output.objects.create(kind="motion", title="campaign only", campaign=campaign)
    Output.objects.create(kind="motion", title="elsewhere", campaign=other)
    ContactTally.objects.create(area=area, campaign=campaign, start=START, end=END, person_times=7)

    figures = campaign_figures(campaign)

    assert figures["problems"] == {
        "total": 2,
        "open": 0,
        "in_progress": 0,
        "resolved": 1,
        "unresolvable": 1,
    }
    assert figures["outputs"] == {"total": 2, "research_report": 0, "suggestion": 1, "motion": 1}
    assert figures["contacts"] == {"person_times": 7, "problems_solved": 0, "aid_yuan": 0}


def test_every_mode_status_and_kind_is_a_key_with_zero(campaign):
    figures = campaign_figures(campaign)

    assert figures["activities"]["by_mode"] == {
        "own_group": 0, "own_unit": 0, "joint_groups": 0, "contact_point": 0,
        "cross_group": 0, "other": 0,
    }  # fmt: skip
    assert figures["group_members"] == {"total": 0, "participated": 0, "rate": 0.0}


def test_an_activity_outside_the_campaign_is_refused_with_its_period(campaign, group):
    outside = Activity(campaign=campaign, date=datetime.date(2024, 6, 1), title="活动")

    with pytest.raises(ValidationError) as refusal:
        outside.full_clean()

    assert "2024年3月1日至2024年5月31日" in str(refusal.value.message_dict["date"])


@pytest.mark.parametrize(
    "part, whole, rate",
    [(284, 306, 92.8), (1, 16, 6.3), (1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (0, 0, 0.0)],
)
def test_rates_round_half_up_to_one_decimal(part, whole, rate):
    # 1/16 = 6.25 %: half up gives 6.3 where banker's rounding would give 6.2.
    assert percentage(part, whole) == rate


@pytest.mark.parametrize("groups", [1, 10])
def test_the_figures_take_three_queries_whatever_the_size(
    campaign, area, django_assert_num_queries, groups
):
    for n in range(groups):
        group = Group.objects.create(name=f"小组{n}", area=area)
        leader = person(f"L{n}", leader=True)
        people = [person(f"M{n}-{i}") for i in range(5)]
        for rep in [leader, *people]:
            member(rep, group)
        campaign.leaders.add(leader)
        Problem.objects.create(
            activity=activity(campaign, group, leaders=[leader], present=people), title="问题"
        )

    with django_assert_num_queries(3):
        figures = campaign_figures(campaign)

    assert figures["group_members"]["total"] == 6 * groups


def test_the_resolution_rate_is_the_share_of_the_campaigns_problems_resolved(campaign, group):
    act = activity(campaign, group)
    for status in ["resolved", "in_progress", "open"]:
        Problem.objects.create(activity=act, title=status, status=status)
    other = Campaign.objects.create(title="另一活动", slug="other", start=START, end=END)
    Problem.objects.create(activity=activity(other, group), title="别处", status="resolved")

    assert resolution_rate(campaign_figures(campaign)["problems"]) == 33.3
    assert resolution_rate(campaign_figures(
        Campaign.objects.create(title="空", slug="empty", start=START, end=END)
    )["problems"]) == 0.0  # fmt: skip


def test_the_overview_lists_the_campaigns_of_the_period_with_their_members(campaign, group):
    leader, present, away = person("L", leader=True), person("P"), person("A")
    for rep in [leader, present, away]:
        member(rep, group)
    campaign.leaders.add(leader)
    activity(campaign, group, leaders=[leader], present=[present], absent=[away])
    later = Campaign.objects.create(
        title="夏季", slug="summer", start=datetime.date(2024, 6, 1), end=datetime.date(2024, 8, 31)
    )
    later.leaders.add(leader)
    Campaign.objects.create(
        title="去年",
        slug="last-year",
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2023, 12, 31),
    ).leaders.add(leader)

    rows = campaigns_participation(datetime.date(2024, 5, 1), datetime.date(2024, 6, 30), END)

    assert [
        (row["slug"], row["total"], row["participated"], row["rate"], row["running"])
        for row in rows
    ] == [("summer", 3, 0, 0.0, True), ("spring", 3, 2, 66.7, True)]
    assert campaigns_participation(START, END, datetime.date(2024, 6, 1))[0]["running"] is False
