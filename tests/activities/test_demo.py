"""The demo reproduces the seed bulletin's figures (联络动态 2021年第24期).

The demo is loaded once for this module (`demo_office` in tests/conftest.py); how
load_demo refuses or runs on an empty database is in test_load_demo.py.
"""

import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from activities.demo import SLUG
from activities.figures import campaign_figures
from activities.models import Activity, Attendance, Campaign, Problem, StatusChange
from activities.review import counting_pending
from representatives.models import Area, Membership, Representative

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]
User = get_user_model()


def load_demo():
    out = StringIO()
    # The tests run with DEBUG off, as in production: loading the demo must be forced.
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def login_request():
    # Login throttling (django-axes) counts attempts per address: authentication needs a request.
    return RequestFactory().post("/login/")


def report():
    out = StringIO()
    call_command("campaign_report", SLUG, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_demo_report_prints_the_bulletins_figures():
    figures = report()

    assert figures["leaders"] == {"enrolled": 28, "participated": 28}
    assert figures["group_members"] == {"total": 306, "participated": 284, "rate": 92.8}
    assert figures["activities"]["accompanied_leaders"] == 25
    assert figures["problems"]["resolved"] == 32
    reports_and_suggestions = (
        figures["outputs"]["research_report"] + figures["outputs"]["suggestion"]
    )
    assert reports_and_suggestions == 11
    assert figures["contacts"] == {
        "person_times": 1_340_000,
        "problems_solved": 60_000,
        "aid_yuan": 440_000_000,
    }
    assert figures["period"] == {"start": "2021-05-01", "end": "2021-11-30"}


def test_loading_the_demo_twice_changes_nothing():
    models = [Representative, Membership, Activity, Attendance, Problem, StatusChange]
    before = {model: model.objects.count() for model in models}
    figures_before = report()

    load_demo()

    assert {model: model.objects.count() for model in models} == before
    assert report() == figures_before


def test_demo_users_log_in_with_the_printed_credentials(demo_office):
    printed = demo_office

    for username, password, role in [
        ("admin", "lianluo-admin", "admins"),
        ("staff", "lianluo-staff", "liaison_staff"),
        ("leader", "lianluo-leader", "leaders"),
        ("reviewer", "lianluo-reviewer", "reviewers"),
    ]:
        assert f"{username} / {password}" in printed
        user = authenticate(login_request(), username=username, password=password)
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [role]
    for username in ("staff", "reviewer"):
        user = authenticate(login_request(), username=username, password=f"lianluo-{username}")
        assert [area.name for area in user.profile.areas.all()] == ["娄底市"]


def test_every_demo_activity_lies_inside_its_campaign():
    campaign = Campaign.objects.get(slug=SLUG)

    for activity in campaign.activities.all():
        activity.full_clean()


def test_demo_dashboard_shows_the_bulletins_numbers(client):
    client.force_login(get_user_model().objects.get(username="leader"))

    page = client.get(f"/campaigns/{SLUG}/").content.decode()

    for shown in [
        "28<small> / 28</small>",
        "92.8%",
        "306 名代表中 284 名参加",
        '<span class="number">25</span>',
        "32<small> / 45</small>",
        '<span class="number">11</span>',
        "134万",
        "6万",
        "4.4亿元",
    ]:
        assert shown in page, shown


def test_the_demo_has_an_entry_awaiting_review_and_one_returned():
    """The reviewer finds work in the queue and the staff member in 待补录; counting the
    records awaiting review, the absent member of 毛伟明's group took part: 285 of 306."""
    staff = User.objects.get(username="staff")
    waiting = Activity.objects.awaiting_review()
    assert [a.ref for a in waiting.reviewable_by(User.objects.get(username="reviewer"))] == [
        "2021ZT-SH1"
    ]
    assert [a.ref for a in Activity.objects.returned_to(staff)] == ["2021ZT-SH2"]

    campaign = Campaign.objects.get(slug=SLUG)
    with counting_pending():
        assert campaign_figures(campaign)["group_members"]["participated"] == 285
    assert campaign_figures(campaign)["group_members"]["participated"] == 284


@pytest.mark.parametrize("query, name", [("mwm", "毛伟明"), ("pgf", "彭国甫")])
def test_the_readmes_guest_search_examples_find_whom_it_says(client, query, name):
    """The demo's staff (娄底市) find 毛伟明 of their city and 彭国甫 of 怀化市 as guests."""
    client.force_login(get_user_model().objects.get(username="staff"))

    response = client.get("/representatives/search/", {"q": query})

    assert name in [person["name"] for person in response.json()["results"]]


def test_loading_hunan_s_divisions_next_to_the_demo_keeps_its_areas_and_figures():
    """An office trying the demo first, then loading its divisions: the demo's areas
    (湘西州, 芷江县 …) are given their codes under their own names, and no figure moves."""
    demo_areas = dict(Area.objects.values_list("pk", "name"))

    call_command("load_areas", "湖南省", stdout=StringIO())

    kept = dict(Area.objects.filter(pk__in=demo_areas).values_list("pk", "name"))
    assert kept == demo_areas
    assert not Area.objects.filter(pk__in=demo_areas, code="").exists()
    assert Area.objects.get(code="433100").name == "湘西州"
    assert Area.objects.count() == 137
    assert report()["group_members"] == {"total": 306, "participated": 284, "rate": 92.8}
