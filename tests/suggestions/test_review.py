"""A suggestion is reviewed like every record: it waits in the review queue, one row with
its mirrored output, is approved or returned in one decision, and a returned one waits in
its author's 待补录."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from activities.models import Output
from activities.review import Review
from suggestions.models import Suggestion

from ..conftest import login
from .conftest import put

pytestmark = pytest.mark.django_db

QUEUE = reverse("review:queue")


@pytest.fixture
def reviewer_a(world, django_user_model):
    return login(django_user_model, "reviewer-a", Role.REVIEWER, [world.area_a])


def entered(world, staff, number=1):
    """A suggestion of the campaign put by a deputy of area A, entered by `staff`."""
    suggestion = put(
        world.reps_a[0],
        [world.reps_a[1]],
        number=number,
        submitted_on=datetime.date(2024, 4, 20),
        campaign=world.campaign,
    )
    suggestion.submit(staff)
    suggestion.save_with_deputies(world.reps_a[0], [world.reps_a[1]], by=staff)
    return suggestion


def rows(response):
    return [(row.kind, row.pk) for row in response.context["page"]]


def test_a_suggestion_waits_as_one_row_and_is_approved_with_its_output(
    world, reviewer_a, staff_a_client
):
    suggestion = entered(world, staff_a_client.user)
    assert suggestion.output.review == Review.SUBMITTED
    assert staff_a_client.get(reverse("activities:missing")).context["awaiting"] == 1

    page = reviewer_a.get(QUEUE)

    assert rows(page) == [("suggestion", suggestion.pk)]
    assert suggestion.title in page.content.decode()
    (row,) = page.context["page"]
    reviewer_a.post(QUEUE, {"approve_one": row.pick}, follow=True)
    suggestion.refresh_from_db()
    output = Output.objects.get(pk=suggestion.output_id)
    assert (suggestion.review, output.review) == (Review.APPROVED, Review.APPROVED)
    assert output.reviewed_by == reviewer_a.user
    assert output in Output.objects.counted()
    assert rows(reviewer_a.get(QUEUE)) == []


def test_a_returned_suggestion_reaches_its_author_once(world, reviewer_a, staff_a_client):
    suggestion = entered(world, staff_a_client.user)
    (row,) = reviewer_a.get(QUEUE).context["page"]

    reviewer_a.post(QUEUE, {"decision": "return", "pick": [row.pick], "reason": "缺少附议人"})

    missing = staff_a_client.get(reverse("activities:missing"))
    assert [record for _kind, record in missing.context["returned"]] == [
        Suggestion.objects.get(pk=suggestion.pk)
    ]
    assert missing.content.decode().count("缺少附议人") == 1
    assert Output.objects.get(pk=suggestion.output_id).review == Review.RETURNED


def test_the_mirrored_output_cannot_be_picked_on_its_own(world, reviewer_a, staff_a_client):
    suggestion = entered(world, staff_a_client.user)
    output = Output.objects.get(pk=suggestion.output_id)

    reviewer_a.post(QUEUE, {"approve_one": f"output:{output.pk}:{output.version}"})

    output.refresh_from_db()
    assert output.review == Review.SUBMITTED


def test_the_queue_filters_suggestions_by_area_and_kind(world, admin_role_client, staff_a_client):
    suggestion = entered(world, staff_a_client.user)

    def shown(**filters):
        return rows(admin_role_client.get(QUEUE, filters))

    assert shown(area=world.area_a.pk) == [("suggestion", suggestion.pk)]
    assert shown(area=world.area_b.pk) == []
    assert shown(kind="suggestion") == [("suggestion", suggestion.pk)]
    assert shown(kind="output") == []
