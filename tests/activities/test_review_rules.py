"""The review rule (activities/review.py), pinned on the smallest hand-built cases: what
counts in the figures, who may decide, and what a decision writes."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group as Role
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role as RoleName
from activities.dashboards import group_rows, leader_rows, period_figures
from activities.figures import campaign_figures
from activities.models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    MediaReport,
    Output,
    Problem,
)
from activities.review import Review, counting_pending, decide
from bulletins.drafting import draft_text
from lianluo.history import FORM, recording
from representatives.models import Area, Group, Membership, Representative
from tests.conftest import login

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 10)


@pytest.fixture
def office(django_user_model):
    """A campaign with one leader and one member in one group, and an author."""
    area = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
    campaign = Campaign.objects.create(
        title="春季走访",
        slug="spring",
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 5, 31),
    )
    group = Group.objects.create(name="第一小组", area=area)
    leader = Representative.objects.create(code="L", name="毛伟明", is_provincial_leader=True)
    member = Representative.objects.create(code="M", name="李四")
    for rep in (leader, member):
        Membership.objects.create(representative=rep, group=group, joined_on=DAY.replace(year=2020))
    campaign.leaders.add(leader)
    author = django_user_model.objects.create_user("author")
    return area, campaign, group, leader, member, author


def entered(record, author, state=Review.SUBMITTED):
    """`record` as a person's entry in `state`, saved."""
    record.submit(author, draft=state == Review.DRAFT)
    if state == Review.RETURNED:
        record.review, record.return_reason = Review.RETURNED, "缺少签到表"
    record.save()
    return record


def held(campaign, group, leader, member, **extra):
    activity = Activity.objects.create(campaign=campaign, date=DAY, title="走访", **extra)
    activity.groups.add(group)
    activity.leaders.add(leader)
    Attendance.objects.create(activity=activity, representative=member, status="present")
    return activity


def test_an_activity_awaiting_review_counts_nothing_until_approved(office):
    _area, campaign, group, leader, member, author = office
    activity = entered(held(campaign, group, leader, member), author)
    Problem(
        activity=activity, title="村道破损", status="resolved", resolved_on=DAY
    ).save_as_raised()

    figures = campaign_figures(campaign)
    assert figures["activities"]["total"] == 0
    assert figures["leaders"]["participated"] == 0
    assert figures["group_members"] == {"total": 2, "participated": 0, "rate": 0.0}
    assert figures["problems"]["total"] == 0  # approved itself, but raised at it
    assert [row["led"] for row in leader_rows(campaign)] == [0]

    with counting_pending():
        figures = campaign_figures(campaign)
        assert figures["activities"]["total"] == 1
        assert figures["group_members"]["participated"] == 2
        assert figures["problems"]["resolved"] == 1
        assert [row["led"] for row in leader_rows(campaign)] == [1]


def test_drafts_and_returned_records_never_count(office):
    _area, campaign, group, leader, member, author = office
    entered(held(campaign, group, leader, member), author, Review.DRAFT)
    entered(held(campaign, group, leader, member), author, Review.RETURNED)

    with counting_pending():
        assert campaign_figures(campaign)["activities"]["total"] == 0


def test_a_problem_awaiting_review_at_an_approved_activity_does_not_count(office):
    _area, campaign, group, leader, member, author = office
    activity = held(campaign, group, leader, member)
    problem = Problem(activity=activity, title="村道破损", status="resolved", resolved_on=DAY)
    problem.save_as_raised()
    Problem(activity=activity, title="路灯不亮").save_as_raised()
    entered(problem, author)

    assert campaign_figures(campaign)["problems"] == {
        "total": 1, "open": 1, "in_progress": 0, "resolved": 0, "unresolvable": 0
    }  # fmt: skip
    [row] = group_rows(campaign)
    assert (row["activities"], row["resolved"]) == (1, 0)


def test_outputs_tallies_and_media_reports_count_once_approved(office):
    area, campaign, _group, _leader, _member, author = office
    output = entered(Output(kind="suggestion", title="建议", campaign=campaign), author)
    tally = entered(
        ContactTally(area=area, campaign=campaign, start=DAY, end=DAY, person_times=5000), author
    )
    entered(
        MediaReport(outlet="湖南日报", title="报道", published_on=DAY, campaign=campaign), author
    )

    figures = campaign_figures(campaign)
    assert (figures["outputs"]["total"], figures["contacts"]["person_times"]) == (0, 0)
    assert "湖南日报" not in draft_text(campaign)[1]

    for model, record in [(Output, output), (ContactTally, tally)]:
        decide(model.objects.filter(pk=record.pk), None, approve=True)
    decide(MediaReport.objects.all(), None, approve=True)

    figures = campaign_figures(campaign)
    assert (figures["outputs"]["total"], figures["contacts"]["person_times"]) == (1, 5000)
    assert "湖南日报等媒体对主题活动进行了宣传报道" in draft_text(campaign)[1]


def test_the_period_figures_count_approved_records(office):
    _area, campaign, group, leader, member, author = office
    held(campaign, group, leader, member)
    entered(held(campaign, group, leader, member), author)
    tallies = ContactTally.objects.counted()

    rows = {
        row["key"]: row["now"]
        for row in period_figures(Activity.objects.counted(), tallies, DAY, DAY)
    }
    assert (rows["activities"], rows["attendance"]) == (1, 1)
    with counting_pending():
        activities = Activity.objects.counted()
        rows = {row["key"]: row["now"] for row in period_figures(activities, tallies, DAY, DAY)}
    assert (rows["activities"], rows["attendance"]) == (2, 2)


def test_approving_counts_the_record_and_keeps_the_decision_in_the_history(office):
    _area, campaign, group, leader, member, author = office
    activity = entered(held(campaign, group, leader, member), author)
    reviewer = type(author).objects.create_user("reviewer")

    assert decide(Activity.objects.filter(pk=activity.pk), reviewer, approve=True) == 1

    activity.refresh_from_db()
    assert (activity.review, activity.reviewed_by, activity.submitted_by) == (
        Review.APPROVED, reviewer, author
    )  # fmt: skip
    assert activity.approved_at == activity.reviewed_at
    assert campaign_figures(campaign)["activities"]["total"] == 1
    entry = LogEntry.objects.get_for_object(activity).latest("timestamp")
    assert (entry.actor, entry.changes_dict["review"]) == (reviewer, ["submitted", "approved"])


def test_returning_keeps_the_reason_and_a_second_decision_finds_nothing(office):
    _area, campaign, group, leader, member, author = office
    activity = entered(held(campaign, group, leader, member), author)

    assert decide(Activity.objects.all(), None, approve=False, reason="缺少签到表") == 1
    assert decide(Activity.objects.all(), None, approve=True) == 0  # returned: not waiting

    activity.refresh_from_db()
    assert (activity.review, activity.return_reason) == (Review.RETURNED, "缺少签到表")
    assert list(Activity.objects.returned_to(author)) == [activity]


def test_the_database_refuses_a_return_without_a_reason(office):
    _area, campaign, group, leader, member, _author = office
    activity = held(campaign, group, leader, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(review=Review.RETURNED)


def test_a_reviewer_reviews_the_records_of_their_areas_and_not_their_own(world, django_user_model):
    reviewer = login(django_user_model, "reviewer-a", RoleName.REVIEWER, [world.area_a]).user
    staff = login(django_user_model, "staff-a", RoleName.STAFF, [world.area_a]).user
    admin = login(django_user_model, "office-admin", RoleName.ADMIN).user
    for activity in (world.activity_a, world.activity_b):
        entered(activity, staff)
    own = entered(make_own(world), reviewer)

    waiting = Activity.objects.awaiting_review()
    assert list(waiting.reviewable_by(reviewer)) == [world.activity_a]
    assert list(waiting.reviewable_by(staff)) == []  # staff hold no review permission
    assert set(waiting.reviewable_by(admin)) == {world.activity_a, world.activity_b, own}


def make_own(world):
    activity = Activity.objects.create(campaign=world.campaign, date=DAY, title="自己录入")
    activity.groups.add(world.group_a)
    return activity


def test_reviewers_read_what_leaders_read_and_change_nothing():
    reviewers = set(
        Role.objects.get(name=RoleName.REVIEWER).permissions.values_list("codename", flat=True)
    )
    leaders = set(
        Role.objects.get(name=RoleName.LEADER).permissions.values_list("codename", flat=True)
    )
    admins = set(
        Role.objects.get(name=RoleName.ADMIN).permissions.values_list("codename", flat=True)
    )
    reviewing = {
        f"review_{kind}"
        for kind in [
            "activity",
            "problem",
            "output",
            "contacttally",
            "mediareport",
            "suggestion",
            "duty",
        ]
    }

    assert reviewers == leaders | reviewing
    assert reviewing <= admins
    assert not any(name.startswith(("add_", "change_", "delete_")) for name in reviewers)


def test_a_reviewer_does_not_approve_a_change_of_their_own_saved_again_by_a_colleague(
    world, django_user_model
):
    reviewer = login(django_user_model, "reviewer-a", RoleName.REVIEWER, [world.area_a]).user
    other = login(django_user_model, "reviewer-b", RoleName.REVIEWER, [world.area_a]).user
    staff = login(django_user_model, "staff-a", RoleName.STAFF, [world.area_a]).user
    activity = world.activity_a
    with recording(FORM, actor=reviewer):
        activity.title = "审核人改的标题"
        entered(activity, reviewer)
    with recording(FORM, actor=staff):
        activity.summary = "同事补的摘要"
        entered(activity, staff)

    assert list(Activity.objects.reviewable_by(reviewer)) == []
    assert decide(Activity.objects.reviewable_by(other), other, approve=True) == 1

    with recording(FORM, actor=staff):
        activity.refresh_from_db()
        activity.place = "涟源"
        entered(activity, staff)
    assert list(Activity.objects.reviewable_by(reviewer)) == [activity]  # theirs was approved


def test_a_campaigns_own_media_report_is_reviewed_by_a_reviewer_of_the_whole_province(
    world, django_user_model
):
    city = login(django_user_model, "reviewer-a", RoleName.REVIEWER, [world.area_a]).user
    province = login(django_user_model, "reviewer", RoleName.REVIEWER).user
    staff_b = login(django_user_model, "staff-b", RoleName.STAFF, [world.area_b]).user
    report = entered(
        MediaReport(outlet="湖南日报", title="报道", published_on=DAY, campaign=world.campaign),
        staff_b,
    )

    assert list(MediaReport.objects.reviewable_by(city)) == []
    assert list(MediaReport.objects.reviewable_by(province)) == [report]


def test_an_output_or_report_of_an_activity_counts_with_the_activity(office):
    _area, campaign, group, leader, member, author = office
    activity = entered(held(campaign, group, leader, member), author)
    Output.objects.create(kind="suggestion", title="活动建议", activity=activity)
    Output.objects.create(kind="suggestion", title="主题建议", campaign=campaign)
    MediaReport.objects.create(outlet="红网", title="报道", published_on=DAY, activity=activity)
    MediaReport.objects.create(outlet="湖南日报", title="报道", published_on=DAY, campaign=campaign)

    assert campaign_figures(campaign)["outputs"]["total"] == 1
    assert list(MediaReport.objects.counted().values_list("outlet", flat=True)) == ["湖南日报"]
    decide(Activity.objects.all(), None, approve=True)
    assert campaign_figures(campaign)["outputs"]["total"] == 2
    assert MediaReport.objects.counted().count() == 2


def test_the_lists_filter_by_level_finds_activities_in_every_state(world, staff_a_client):
    world.reps_a[0].mandates.create(level="provincial", electoral_unit=world.area_a)
    entered(world.activity_a, staff_a_client.user)

    page = staff_a_client.get(reverse("activities:activity-list"), {"level": "provincial"})

    assert [a.pk for a in page.context["page"]] == [world.activity_a.pk]


def test_an_approved_record_saved_as_a_draft_goes_to_review(office):
    _area, campaign, group, leader, member, author = office
    activity = held(campaign, group, leader, member)

    activity.enter(author, changed=True, draft=True)

    assert activity.review == Review.SUBMITTED


def test_a_decision_moves_the_version_on(office):
    _area, campaign, group, leader, member, author = office
    activity = entered(held(campaign, group, leader, member), author)
    opened = Activity.objects.get(pk=activity.pk).version

    decide(Activity.objects.all(), None, approve=True)

    assert Activity.objects.get(pk=activity.pk).version == opened + 1


def test_the_open_problems_page_counts_the_problems_that_count(world, staff_a_client):
    counted = Problem(activity=world.activity_a, title="村道破损")
    counted.save_as_raised()
    entered(Problem(activity=world.activity_a, title="路灯不亮"), staff_a_client.user)
    url = reverse("activities:open-problems")

    page = staff_a_client.get(url)
    assert [p.title for p in page.context["problems"]] == ["村道破损"]
    assert [row["n"] for row in page.context["by_area"]] == [1]
    page = staff_a_client.get(url, {"pending": "1"})
    assert sorted(p.title for p in page.context["problems"]) == ["村道破损", "路灯不亮"]
