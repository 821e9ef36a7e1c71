"""campaign_report --format csv|xlsx: the report contract's figures as a table."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from activities.models import Campaign, ContactTally
from representatives.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = Campaign.objects.create(
        title="春季走访",
        slug="spring",
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 5, 31),
    )
    area = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
    ContactTally.objects.create(
        area=area, campaign=campaign, start=campaign.start, end=campaign.end,
        person_times=13_400, problems_solved=600, aid_yuan=4_400_000,
    )  # fmt: skip
    return campaign


def report(*options):
    out = io.StringIO()
    call_command("campaign_report", "spring", *options, stdout=out)
    return out.getvalue()


def test_csv_table_holds_every_figure_of_the_json(campaign):
    figures = json.loads(report("--format", "json"))

    table = list(csv.reader(io.StringIO(report("--format", "csv").lstrip("\ufeff"))))

    assert table[0] == ["指标", "说明", "数值"]
    values = {key: value for key, _name, value in table[1:]}
    assert values["contacts.person_times"] == str(figures["contacts"]["person_times"]) == "13400"
    assert values["activities.by_mode.contact_point"] == "0"
    assert values["problems.unresolvable"] == "0"
    assert len(values) == 25


def test_xlsx_table_is_written_to_the_output_file(campaign, tmp_path):
    target = tmp_path / "spring.xlsx"

    report("--format", "xlsx", "--output", str(target))

    sheet = openpyxl.load_workbook(target).active
    rows = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["contacts.aid_yuan"] == 4_400_000
    assert rows["group_members.rate"] == 0.0
