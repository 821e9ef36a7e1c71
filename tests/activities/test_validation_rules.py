"""Each validation rule lives on its model (`refusals()`): `clean()` (forms, the admin)
and the imports ask it. Pinned here on unsaved, hand-built records."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, Campaign, ContactTally, Output, Problem
from representatives.models import Area, Membership
from tests.ledgers.conftest import errors, run_import
from tests.ledgers.files import CAMPAIGNS

pytestmark = pytest.mark.django_db

D = datetime.date
APRIL = D(2024, 4, 10)


@pytest.fixture
def campaign():
    return Campaign.objects.create(
        title="春季", slug="spring", start=D(2024, 3, 1), end=D(2024, 5, 31)
    )


@pytest.fixture
def activity(campaign):
    return Activity.objects.create(campaign=campaign, date=APRIL, title="活动")


def refused_fields(record):
    with pytest.raises(ValidationError) as refusal:
        record.clean()
    return set(refusal.value.message_dict)


def test_a_campaign_ends_after_it_starts_and_keeps_its_activities_inside(campaign, activity):
    assert Campaign(start=D(2024, 3, 1), end=D(2024, 2, 1)).refusals() == {
        "end": "主题活动的结束日期不能早于开始日期。"
    }
    assert Campaign(start=D(2024, 3, 1), end=D(2024, 3, 31)).refusals((APRIL, APRIL)).keys() == {
        "start"
    }
    assert Campaign(start=D(2024, 3, 1), end=D(2024, 4, 30)).refusals((APRIL, APRIL)) == {}

    campaign.end = D(2024, 3, 31)
    assert refused_fields(campaign) == {"start"}  # the admin asks with its activities' dates


def test_the_campaign_import_refuses_a_period_that_leaves_activities_out(campaign, activity):
    rows = [CAMPAIGNS[0], ["spring", "春季", "2024-03-01", "2024-03-31", ""]]

    report = run_import("campaigns", rows)

    campaign.end = D(2024, 3, 31)
    assert errors(report) == [(2, "开始日期", str(campaign.refusals((APRIL, APRIL))["start"]))]


def test_an_activity_lies_within_its_campaign(campaign):
    assert Activity(campaign=campaign, date=D(2024, 6, 1)).refusals().keys() == {"date"}
    assert Activity(campaign=campaign, date=D(2024, 5, 31)).refusals() == {}
    assert Activity(campaign=None, date=D(2030, 1, 1)).refusals() == {}


@pytest.mark.parametrize(
    "status, resolved_on, note, outcome, refused",
    [
        ("unresolvable", None, "", "", {"note"}),
        ("unresolvable", None, "产权归村集体", "", set()),
        ("in_progress", D(2024, 5, 1), "", "", {"resolved_on"}),
        ("resolved", D(2024, 4, 1), "", "修好了", {"resolved_on"}),  # before the activity
        ("resolved", APRIL, "", "修好了", set()),
        ("resolved", APRIL, "", "", {"outcome"}),  # a resolution tells what came of it
        ("resolved", APRIL, "", "  ", {"outcome"}),
    ],
)
def test_a_problem_as_it_stands(activity, status, resolved_on, note, outcome, refused):
    problem = Problem(
        activity=activity, status=status, resolved_on=resolved_on, note=note, outcome=outcome
    )

    assert problem.refusals().keys() == refused


@pytest.mark.parametrize(
    "to_status, on, note, refused",
    [
        ("open", APRIL, "", {"to_status"}),
        ("in_progress", D(2024, 4, 9), "", {"changed_on"}),
        ("resolved", D(2024, 4, 9), "", {"changed_on", "outcome"}),
        ("unresolvable", APRIL, "", {"note"}),
        ("unresolvable", APRIL, "无法解决", set()),
        ("resolved", APRIL, "", {"outcome"}),
    ],
)
def test_a_problems_move_to_another_status(activity, to_status, on, note, refused):
    problem = Problem.objects.create(activity=activity, title="村道破损")

    assert problem.change_refusals(to_status, on, note).keys() == refused
    assert not problem.change_refusals("resolved", APRIL, outcome="村道已修复")
    problem.refresh_from_db()
    assert problem.status == "open"  # asking changes nothing


def test_an_output_is_linked_and_its_activity_is_of_its_campaign(campaign, activity):
    other = Campaign.objects.create(
        title="另一", slug="other", start=D(2024, 3, 1), end=D(2024, 5, 31)
    )

    assert Output(kind="motion", title="无").refusals().keys() == {"campaign"}
    assert Output(campaign=other, activity=activity).refusals().keys() == {"activity"}
    assert Output(campaign=campaign, activity=activity).refusals() == {}
    assert refused_fields(Output(kind="motion", title="无")) == {"campaign"}


def test_a_tally_and_a_membership_end_after_they_start():
    area = Area.objects.create(name="娄底市", kind="city")
    backwards = {"start": D(2024, 3, 1), "end": D(2024, 2, 1)}

    assert ContactTally(area=area, **backwards).refusals().keys() == {"end"}
    assert refused_fields(ContactTally(area=area, **backwards)) == {"end"}
    assert Membership(joined_on=D(2024, 3, 1), left_on=D(2024, 2, 1)).refusals().keys() == {
        "left_on"
    }
    assert Membership(joined_on=D(2024, 3, 1), left_on=D(2024, 3, 1)).refusals() == {}
