"""The suggestions dashboard: the contract's figures by lead unit and by campaign, for
the latest year with records unless asked, and the same figures as files.

    w1 water      春季走访, 交办 2025-01-10, reply A on 02-01 (on time), 满意
    w2 water      no campaign, 交办 2025-02-01, reply B (on time), 不满意, reply A,
                  基本满意 — rehandled
    t1 transport  春季走访, 交办 2025-03-01, no reply
    t2 transport  春季走访, 交办 2024-05-01, reply C — of 2024
    t3 transport  春季走访, put, never 交办
"""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from activities.models import Campaign, Department
from bulletins.drafting import draft_text
from suggestions.figures import campaign_suggestions, figures_by_campaign
from suggestions.models import Rating

from ..conftest import build_world, kept_for_the_module
from .conftest import put

D = datetime.date
pytestmark = pytest.mark.django_db
PAGE = reverse("suggestions:dashboard")


@pytest.fixture(scope="module", autouse=True)
def handled(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        water = Department.objects.create(name="省水利厅")
        transport = Department.objects.create(name="省交通运输厅")
        lead = world.reps_a[0]

        def suggestion(number, unit, assigned_on, campaign=world.campaign):
            s = put(lead, number=number, submitted_on=D(2024, 4, 1), campaign=campaign)
            if unit:
                s.assign(unit, on=assigned_on)
            return s

        w1 = suggestion(1, water, D(2025, 1, 10))
        w1.reply("A", "已解决", on=D(2025, 2, 1))
        w1.rate(Rating.SATISFIED, on=D(2025, 2, 5))
        w2 = suggestion(2, water, D(2025, 2, 1), campaign=None)
        w2.reply("B", "列入计划", on=D(2025, 3, 1))
        w2.rate(Rating.DISSATISFIED, "进度慢", on=D(2025, 3, 5))
        w2.reply("A", "已解决", on=D(2025, 4, 1))
        w2.rate(Rating.BASICALLY_SATISFIED, on=D(2025, 4, 5))
        suggestion(3, transport, D(2025, 3, 1))
        t2 = suggestion(4, transport, D(2024, 5, 1))
        t2.reply("C", "以后解决", on=D(2024, 6, 1))
        suggestion(5, None, None)
        yield {"world": world, "water": water, "transport": transport}


def test_the_page_opens_on_the_latest_year_with_records(leader_client):
    with translation.override("zh-hans"):
        response = leader_client.get(PAGE)
    text = response.content.decode()
    assert (response.context["start"], response.context["end"]) == (D(2025, 1, 1), D(2025, 12, 31))
    assert "2025" in response.context["period_why"]
    figures = response.context["figures"]
    assert (figures["received"], figures["answered"], figures["on_time"]) == (3, 2, 2)
    assert figures["by_class"] == {"A": 2, "B": 0, "C": 0, "D": 0}
    assert figures["ratings"] == {
        "satisfied": 1, "basically_satisfied": 1, "dissatisfied": 0, "satisfaction_rate": 100.0,
    }  # fmt: skip
    assert figures["rehandled"] == 1
    (units, campaigns) = [rows for _caption, _heading, rows in response.context["tables"]]
    assert [(name, f["received"], f["answered"]) for name, f in units] == [
        ("省交通运输厅", 1, 0),
        ("省水利厅", 2, 2),
    ]
    assert [(name, f["received"], f["answered"], f["rehandled"]) for name, f in campaigns] == [
        ("春季走访", 2, 1, 0),
        ("", 1, 1, 1),
    ]
    assert "按期答复率（%）" in text and "满意率（%）" in text and "不属于任何主题活动" in text
    assert "rate (%)" not in text


def test_a_period_and_a_unit_are_chosen_by_the_address(leader_client, handled):
    asked = {"start": "2024-01-01", "end": "2024-12-31", "department": handled["transport"].pk}
    response = leader_client.get(PAGE, asked)
    assert response.context["period_why"] is None
    figures = response.context["figures"]
    assert (figures["received"], figures["by_class"]["C"]) == (1, 1)
    assert list(figures["by_department"]) == ["省交通运输厅"]


def test_the_page_reads_in_a_fixed_number_of_queries(leader_client, django_assert_num_queries):
    leader_client.get(PAGE)  # the session and the permissions, read once
    # 9: the viewer's areas are read once (their reach, `visible_to`), then as before.
    with django_assert_num_queries(9):
        leader_client.get(PAGE)


def test_figures_by_campaign_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        by_campaign = figures_by_campaign(D(2024, 1, 1), D(2025, 12, 31))
    assert list(by_campaign) == ["春季走访", ""]
    spring = by_campaign["春季走访"]
    assert (spring["received"], spring["answered"], spring["by_class"]["C"]) == (3, 2, 1)


def test_what_a_campaign_produced(handled, django_assert_num_queries):
    with django_assert_num_queries(1):
        produced = campaign_suggestions(handled["world"].campaign)
    assert (produced["put"], produced["received"], produced["answered"]) == (4, 3, 2)
    assert produced["ratings"]["satisfied"] == 1


def test_the_downloads_carry_the_page_figures(leader_client):
    data = json.loads(
        leader_client.get(reverse("suggestions:dashboard-report", args=["json"])).content
    )
    assert data["received"] == 3
    assert data["by_campaign"]["春季走访"]["received"] == 2
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    with translation.override("zh-hans"):
        response = leader_client.get(reverse("suggestions:dashboard-report", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["", "received", "交办建议数", "3"] in rows
    assert any(
        row[0].endswith("春季走访") and row[1] == "received" and row[3] == "2" for row in rows
    )
    book = leader_client.get(reverse("suggestions:dashboard-report", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(book.streaming_content))).active
    assert len(list(sheet.iter_rows())) == len(rows)


def test_the_campaign_dashboard_says_what_the_campaign_produced(leader_client):
    with translation.override("zh-hans"):
        response = leader_client.get(reverse("activities:campaign-detail", args=["spring"]))
    (extra,) = response.context["extras"]
    assert (extra.figures["put"], extra.figures["received"], extra.figures["answered"]) == (4, 3, 2)
    text = response.content.decode()
    assert "主题活动中的代表建议" in text
    assert reverse("suggestions:dashboard") in text


def test_the_bulletin_draft_says_it_in_one_sentence(handled):
    _title, body = draft_text(handled["world"].campaign)

    assert (
        "主题活动中形成的代表建议4件，已交办3件，已答复2件，其中按期答复2件（按期答复率66.7%）"
        "；代表对答复满意或基本满意1件，满意率100.0%。"
    ) in body


def test_a_campaign_without_suggestions_says_nothing_of_them(leader_client, handled):
    quiet = Campaign.objects.create(
        title="秋季走访", slug="autumn", start=D(2024, 9, 1), end=D(2024, 11, 30)
    )
    response = leader_client.get(reverse("activities:campaign-detail", args=["autumn"]))
    assert response.context["extras"] == []
    assert "campaign-suggestions" not in response.content.decode()
    assert "代表建议" not in draft_text(quiet)[1].replace("调研报告或代表建议", "")
