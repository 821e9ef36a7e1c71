"""The generated office (`generate_data`, ledgers/generating.py) keeps the app's rules,
its figures compute, and the benchmark runs on it. The hidden scale "tiny" is a county's
shape at a few seconds' worth; the same checks at county scale are `generate_data --scale
county --check` (docs/PERFORMANCE.md)."""

import io

import pytest
from django.core.management import CommandError, call_command

from activities.dashboards import area_rows, group_rows, leader_rows
from activities.figures import campaign_figures
from activities.models import Activity, Campaign, ContactTally, Output, Problem
from activities.review import Review
from archives.models import Duty
from benchmarks import handwritten
from ledgers.generating import violations
from suggestions.models import Suggestion
from tests.conftest import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def tiny_office(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        call_command("generate_data", "--scale", "tiny", "--seed", "3", stdout=io.StringIO())
        yield


def test_the_generated_office_keeps_the_apps_rules():
    assert violations() == []


def test_every_campaigns_figures_and_tables_compute_and_count_something():
    campaigns = list(Campaign.objects.all())
    assert campaigns
    for campaign in campaigns:
        figures = campaign_figures(campaign)
        assert figures["activities"]["total"] > 0
        assert figures["leaders"]["enrolled"] > 0
        assert 0 < figures["group_members"]["participated"] <= figures["group_members"]["total"]
        assert leader_rows(campaign) and group_rows(campaign) and area_rows(campaign)


def test_records_stand_in_every_review_state():
    states = set()
    for model in (Activity, Problem, Output, ContactTally, Suggestion, Duty):
        states |= set(model.objects.values_list("review", flat=True))
    assert states == set(Review.values)
    returned = Activity.objects.filter(review=Review.RETURNED)
    assert not returned.filter(return_reason="").exists()


def test_a_database_that_holds_an_office_is_refused():
    with pytest.raises(CommandError, match="already holds an office"):
        call_command("generate_data", "--scale", "tiny")


def test_the_hand_written_sql_gives_the_apps_numbers():
    campaign = Campaign.objects.order_by("-start").first()
    assert handwritten.campaign_figures_sql(campaign) == handwritten.figures_of(campaign)
    assert handwritten.leader_table_sql(campaign) == handwritten.leader_table(campaign)
    year = campaign.start.year
    assert handwritten.overview_figures_sql(year) == handwritten.overview_figures(year)


def test_the_benchmark_prints_its_figures(capsys):
    from benchmarks.__main__ import main

    main(["--only", "campaign", "campaign-figures", "--repeat", "1"])

    printed = capsys.readouterr().out
    _dataset, machine, _header, *rows = printed.splitlines()
    assert machine.startswith("machine: ") and "reference loop" in machine
    lines = {line.split()[0]: line for line in rows}
    assert set(lines) == {"campaign", "campaign-figures"}
    assert " ms " in lines["campaign"] and "MB" in lines["campaign"]
    assert "hand-written SQL" in lines["campaign-figures"] and "ratio" in lines["campaign-figures"]
    assert "NOT THE SAME" not in printed
