"""The suggestions dashboard counts the suggestions its viewer's list shows: staff of one
city those led by their city's deputies, leaders and admins the province's; its downloads
and the list agree with the page. A department's users have their inbox, not this page.

    a1 water      led by area A's deputy, 交办 2025-01-10, reply A on time, 满意
    a2 transport  led by area A's deputy (area B's seconds), 交办 2025-02-01, no reply
    b1 water      led by area B's deputy (area A's seconds), 交办 2025-01-15, reply C, 不满意
    b2 water      led by area B's deputy, 交办 2025-03-01, reply B late (after 06-01)
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile, Role
from activities.models import Department
from suggestions.models import Rating

from ..conftest import build_world, kept_for_the_module, login
from .conftest import put as put_2025

D = datetime.date
pytestmark = pytest.mark.django_db
PAGE = reverse("suggestions:dashboard")


def download(client, file_format):
    return client.get(reverse("suggestions:dashboard-report", args=[file_format]))


@pytest.fixture(scope="module", autouse=True)
def handled(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        water = Department.objects.create(name="省水利厅")
        transport = Department.objects.create(name="省交通运输厅")
        (a, _a_other), (b, b_other) = world.reps_a, world.reps_b

        def put(*deputies, **fields):
            return put_2025(*deputies, submitted_on=D(2025, 1, 2), **fields)

        a1 = put(a, number=1, campaign=world.campaign)
        a1.assign(water, on=D(2025, 1, 10))
        a1.reply("A", "已解决", on=D(2025, 2, 1))
        a1.rate(Rating.SATISFIED, on=D(2025, 2, 5))
        put(a, [b], number=2, campaign=world.campaign).assign(transport, on=D(2025, 2, 1))
        b1 = put(b, [a], number=3)
        b1.assign(water, on=D(2025, 1, 15))
        b1.reply("C", "以后解决", on=D(2025, 2, 15))
        b1.rate(Rating.DISSATISFIED, "没有措施", on=D(2025, 2, 20))
        b2 = put(b_other, number=4, campaign=world.campaign)
        b2.assign(water, on=D(2025, 3, 1))
        b2.reply("B", "列入计划", on=D(2025, 6, 10))
        yield {"world": world, "water": water, "transport": transport}


@pytest.fixture
def staff_a(django_user_model, handled):
    return login(django_user_model, "staff-a", Role.STAFF, [handled["world"].area_a])


@pytest.fixture
def staff_b(django_user_model, handled):
    return login(django_user_model, "staff-b", Role.STAFF, [handled["world"].area_b])


def counts(figures):
    return (
        figures["received"], figures["answered"], figures["on_time"],
        figures["by_class"], figures["ratings"]["satisfied"], figures["ratings"]["dissatisfied"],
    )  # fmt: skip


def test_city_staff_count_only_their_citys_suggestions(staff_a, staff_b):
    figures_a = staff_a.get(PAGE).context["figures"]
    figures_b = staff_b.get(PAGE).context["figures"]

    assert counts(figures_a) == (2, 1, 1, {"A": 1, "B": 0, "C": 0, "D": 0}, 1, 0)
    assert {unit: f["received"] for unit, f in figures_a["by_department"].items()} == {
        "省交通运输厅": 1,
        "省水利厅": 1,
    }
    assert counts(figures_b) == (2, 2, 1, {"A": 0, "B": 1, "C": 1, "D": 0}, 0, 1)
    assert list(figures_b["by_department"]) == ["省水利厅"]


def test_by_campaign_keeps_to_the_same_suggestions(staff_a, staff_b):
    (_units, campaigns_a) = [rows for *_, rows in staff_a.get(PAGE).context["tables"]]
    (_units, campaigns_b) = [rows for *_, rows in staff_b.get(PAGE).context["tables"]]

    assert [(name, f["received"]) for name, f in campaigns_a] == [("春季走访", 2)]
    assert [(name, f["received"]) for name, f in campaigns_b] == [("春季走访", 1), ("", 1)]


def test_leaders_and_admins_see_the_province(leader_client, admin_role_client):
    for client in (leader_client, admin_role_client):
        figures = client.get(PAGE).context["figures"]
        assert (figures["received"], figures["answered"], figures["on_time"]) == (4, 3, 2)


def test_the_downloads_agree_with_the_page(staff_a):
    page = staff_a.get(PAGE, {"start": "2025-01-01", "end": "2025-12-31"})
    data = json.loads(download(staff_a, "json").content)
    with translation.override("zh-hans"):
        text = b"".join(download(staff_a, "csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))

    assert {k: v for k, v in data.items() if k != "by_campaign"} == page.context["figures"]
    assert list(data["by_campaign"]) == ["春季走访"]
    assert ["", "received", "交办建议数", "2"] in rows
    assert not any(row[0] == "省水利厅" and row[1] == "received" and row[3] != "1" for row in rows)


def test_the_list_shows_the_same_suggestions(staff_a, staff_b):
    for client, numbers in [(staff_a, {1, 2}), (staff_b, {3, 4})]:
        listed = {s.number for s in client.get(reverse("suggestions:list")).context["page"]}
        assert listed == numbers
        assert client.get(PAGE).context["figures"]["received"] == len(numbers)


def test_the_latest_year_is_the_viewers(staff_a, handled):
    """The page opens on the latest year of the suggestions its viewer counts."""
    later = put_2025(handled["world"].reps_b[0], number=5)
    later.assign(handled["water"], on=D(2026, 1, 5))
    response = staff_a.get(PAGE)
    assert response.context["start"] == D(2025, 1, 1)


def test_a_unit_user_is_refused_the_dashboard_and_its_downloads(handled):
    unit = login(get_user_model(), "water-unit", Role.UNIT)
    Profile.objects.create(user=unit.user, department=handled["water"])

    assert unit.get(PAGE).status_code == 403
    assert download(unit, "json").status_code == 403
    assert unit.get(reverse("suggestions:inbox")).status_code == 200


def test_a_scoped_page_reads_in_a_fixed_number_of_queries(staff_a, handled):
    staff_a.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        staff_a.get(PAGE)
    for number in range(10, 16):
        put_2025(handled["world"].reps_a[0], number=number).assign(
            handled["water"], on=D(2025, 4, 1)
        )

    with CaptureQueriesContext(connection) as many:
        response = staff_a.get(PAGE)

    assert response.context["figures"]["received"] == 8
    assert len(many) == len(few)
