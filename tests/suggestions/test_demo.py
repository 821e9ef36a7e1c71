"""The demo campaign's suggestions: the five suggestion outputs carried through the cycle,
the campaign figures as the seed's."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.figures import campaign_figures
from activities.models import Campaign, Output
from suggestions.figures import campaign_suggestions, suggestion_figures
from suggestions.models import Status, Suggestion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


def test_the_five_suggestion_outputs_are_the_suggestions():
    campaign = Campaign.objects.get(slug="2021-xdsztbl")
    suggestions = (
        Suggestion.objects.filter(output__isnull=False).select_related("output").order_by("number")
    )
    assert [s.output.ref for s in suggestions] == [f"2021CG-{n:02d}" for n in range(7, 12)]
    assert all(s.output.kind == Output.Kind.SUGGESTION for s in suggestions)
    assert all(s.output.title == s.title for s in suggestions)
    outputs = campaign_figures(campaign)["outputs"]
    assert (outputs["total"], outputs["suggestion"]) == (11, 5)
    assert campaign_suggestions(campaign)["put"] == 5


def test_they_went_through_the_cycle():
    figures = suggestion_figures(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    # The campaign's five and 娄底市's sixth (B on time, 基本满意).
    assert (figures["received"], figures["answered"], figures["on_time"]) == (6, 5, 4)
    assert figures["by_class"] == {"A": 2, "B": 3, "C": 0, "D": 0}
    assert figures["rehandled"] == 1
    assert len(figures["by_department"]) == 6
    statuses = sorted(Suggestion.objects.values_list("status", flat=True))
    closed = [Status.CLOSED] * 4
    assert statuses == sorted([*closed, Status.ANSWERED, Status.ASSIGNED])
    assert Suggestion.objects.overdue(timezone.localdate()).count() == 1


def test_the_demo_staff_of_loudi_have_a_suggestion_of_their_own_to_follow():
    staff = get_user_model().objects.get(username="staff")
    assert [s.number for s in Suggestion.objects.visible_to(staff)] == [6]
