"""The outputs of a campaign are one rule (`Output.objects.of_campaign`): linked to the
campaign, or to one of its activities. The outputs list's filter, its export, the campaign
figures and the dashboard all count the same outputs."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities.demo import SLUG
from activities.figures import campaign_figures
from activities.models import Campaign, Output

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


@pytest.fixture
def leader(client):
    client.force_login(get_user_model().objects.get(username="leader"))
    return client


@pytest.fixture
def campaign():
    return Campaign.objects.get(slug=SLUG)


def exported(client, campaign):
    response = client.get(
        reverse("ledgers:export", args=["outputs", "csv"]), {"campaign": campaign.pk}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[1:]


def test_the_demo_has_outputs_tied_to_the_campaign_only_through_their_activity(campaign):
    through_activity = Output.objects.filter(campaign=None, activity__campaign=campaign)

    assert through_activity.exists()  # what the list used to leave out


def test_the_list_filter_the_export_and_the_figures_count_the_same_outputs(leader, campaign):
    listed = leader.get(reverse("activities:outputs-list"), {"campaign": campaign.pk})
    figures = campaign_figures(campaign)["outputs"]

    assert listed.context["page"].paginator.count == 11
    assert len(exported(leader, campaign)) == 11
    assert figures["research_report"] + figures["suggestion"] + figures["motion"] == 11
    dashboard = leader.get(reverse("activities:campaign-detail", args=[SLUG])).content.decode()
    assert '<span class="number">11</span>' in dashboard


def test_the_list_shows_the_campaign_of_an_output_linked_only_to_its_activity(leader, campaign):
    output = Output.objects.filter(campaign=None, activity__campaign=campaign).first()

    page = leader.get(reverse("activities:outputs-list"), {"campaign": campaign.pk})

    row = next(r for r in page.content.decode().split("<tr>") if output.title in r)
    assert campaign.title in row


def test_another_campaigns_filter_lists_none_of_them(leader, campaign):
    other = Campaign.objects.create(
        title="另一主题活动", slug="other", start=campaign.start, end=campaign.end
    )

    listed = leader.get(reverse("activities:outputs-list"), {"campaign": other.pk})

    assert listed.context["page"].paginator.count == 0
    assert exported(leader, other) == []


def test_the_export_names_the_campaign_as_stored_so_the_file_reimports(leader, campaign):
    rows = exported(leader, campaign)

    # An output tied through its activity keeps an empty 主题活动 cell and its 活动编号:
    # the import links it as it was, and the rule still counts it.
    by_ref = {row[0]: row for row in rows}
    for output in Output.objects.of_campaign(campaign).select_related("activity"):
        row = by_ref[output.ref]
        assert row[1] == (campaign.slug if output.campaign_id else "")
        assert row[2] == (output.activity.ref if output.activity_id else "")
