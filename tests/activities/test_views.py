import datetime
import json

import pytest
from django.urls import reverse

from activities.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return Campaign.objects.create(
        title="春季走访",
        slug="spring",
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 5, 31),
    )


def test_campaign_pages_need_a_login(client, campaign):
    for url in [
        reverse("activities:campaign-list"),
        campaign.get_absolute_url(),
        reverse("activities:campaign-report", args=[campaign.slug, "json"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_campaign_list_links_each_campaign(leader_client, campaign):
    response = leader_client.get(reverse("activities:campaign-list"))

    assert response.status_code == 200
    assert campaign.get_absolute_url() in response.content.decode()


def test_campaign_page_shows_its_figures_in_chinese(leader_client, campaign):
    response = leader_client.get(campaign.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "春季走访" in page
    assert "参加主题活动的领导干部" in page
    assert response.context["figures"]["group_members"]["total"] == 0


def test_campaign_report_download_is_the_report_contract(leader_client, campaign):
    url = reverse("activities:campaign-report", args=[campaign.slug, "json"])
    response = leader_client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="spring.json"'
    figures = json.loads(response.content)
    assert figures["campaign"] == "spring"
    assert figures["period"] == {"start": "2024-03-01", "end": "2024-05-31"}


def test_unknown_campaign_is_404(leader_client):
    response = leader_client.get(reverse("activities:campaign-detail", args=["nope"]))

    assert response.status_code == 404


def test_home_is_the_overview(leader_client):
    response = leader_client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("activities:overview")


def test_pages_speak_chinese_whatever_the_browser_asks(leader_client, campaign):
    response = leader_client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert response["Content-Language"] == "zh-hans"
    assert "参加主题活动的领导干部" in response.content.decode()


def test_the_language_switch_turns_the_ui_to_english(leader_client, campaign):
    leader_client.post(reverse("set_language"), {"language": "en"})

    response = leader_client.get(campaign.get_absolute_url())

    assert response["Content-Language"] == "en"
    assert "Leaders taking part / enrolled" in response.content.decode()


def test_campaign_figures_download_as_a_table(leader_client, campaign):
    url = reverse("activities:campaign-report", args=[campaign.slug, "csv"])

    response = leader_client.get(url)

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="spring.csv"'
    assert lines[0] == "指标,说明,数值"
    assert "group_members.rate,所在代表小组代表参加率（%）,0.0" in lines
