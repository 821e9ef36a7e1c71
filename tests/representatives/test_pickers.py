"""The type-to-pick widget (representatives/widgets.py) in every form and list filter that
picks people, groups, areas or departments: what each option is found by, the scripts
served from the app's own files, and pages that cost no more queries per option."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role as RoleName
from activities.models import Department
from representatives.models import Group, Representative
from representatives.widgets import label_initials, search_terms
from tests.conftest import login

pytestmark = pytest.mark.django_db

SCRIPTS = ["vendor/tom-select/tom-select.complete.min.js", "js/pickers.js"]


def options(html, name):
    """{label: data-search} of the options of the select `name` in `html`."""
    select = re.search(rf'<select name="{name}"[^>]*data-picker[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no picker named {name}"
    found = re.findall(r'<option value="\d+"([^>]*)>([^<]*)</option>', select.group(1))
    return {label: re.search(r'data-search="([^"]*)"', attrs).group(1) for attrs, label in found}


def test_label_initials_are_what_staff_type_to_find_a_label():
    assert label_initials("长沙市第一代表小组") == "cssdydbxz"
    assert label_initials("省教育厅") == "sjyt"
    assert label_initials("G20 小组") == "g20xz"  # letters and digits as written


def test_a_deputy_is_found_by_card_number_and_every_reading_of_the_name():
    zeng = Representative(code="HN9", name="曾庆林", initials="zql cql")
    assert search_terms(zeng, "曾庆林") == "HN9 zql cql"
    assert search_terms(Department(name="省民政厅"), "省民政厅") == "smzt"


def test_the_activity_form_picks_groups_leaders_and_departments_by_typing(world, staff_a_client):
    leader = Representative.objects.create(code="L1", name="曾庆林", is_provincial_leader=True)
    Department.objects.create(name="省教育厅")
    html = staff_a_client.get("/activities/new/").content.decode()

    # The groups (10,000 in a province) are searched, not listed: a box the script makes
    # a picker asking the group search, or without it a search and its Find button
    # (tests/activities/test_group_choice.py).
    box = re.search(r"<div[^>]*data-search-multi-picker[^>]*>", html).group(0)
    assert 'data-source="/representatives/groups/search/"' in box and 'data-name="groups"' in box
    assert '<select name="groups"' not in html
    assert 'name="groups_query"' in html and 'name="groups_search"' in html
    assert options(html, "leaders") == {f"{leader.name}（L1）": "L1 zql cql"}
    assert options(html, "departments") == {"省教育厅": "sjyt"}
    # The scripts and the stylesheet come from the app's own files, none from elsewhere.
    for path in [*SCRIPTS, "js/checklist.js"]:
        assert f'<script src="/static/{path}" defer></script>' in html
        assert finders.find(path), path
    assert '<link href="/static/vendor/tom-select/tom-select.min.css"' in html
    assert finders.find("vendor/tom-select/tom-select.min.css")
    assert not re.search(r'(src|href)="(https?:)?//', html)
    # Without scripts the guest box is the search and its Find button.
    assert 'name="guest_query"' in html and 'name="search_guest"' in html
    assert 'data-source="/representatives/search/"' in html


def test_the_list_filters_pick_groups_areas_and_departments_by_typing(world, leader_client):
    Department.objects.create(name="省教育厅")
    activities = leader_client.get("/activities/").content.decode()
    assert options(activities, "area")["娄底市"] == "lds"
    for path in SCRIPTS:
        assert f'src="/static/{path}"' in activities
    # The groups (10,000 in a province) are searched as the user types, not listed: a box
    # the script makes a picker asking the group search (tests/representatives/
    # test_group_search.py).
    for html in (activities, leader_client.get("/representatives/").content.decode()):
        box = re.search(r'<input type="search" name="group"[^>]*>', html).group(0)
        assert 'data-source="/representatives/groups/search/"' in box
        assert '<select name="group"' not in html  # no option a group
    problems = leader_client.get("/problems/").content.decode()
    assert options(problems, "department") == {"省教育厅": "sjyt"}


def test_a_page_without_pickers_loads_no_picker_script(leader_client):
    html = leader_client.get("/campaigns/").content.decode()
    assert "tom-select" not in html


def test_the_review_queue_picks_its_author_by_typing(world, django_user_model):
    reviewer = login(django_user_model, "checker", RoleName.REVIEWER, [world.area_a])
    html = reviewer.get("/review/").content.decode()
    assert re.search(r'<select name="author"[^>]*data-picker', html)
    for path in SCRIPTS:
        assert f'src="/static/{path}"' in html


def test_more_groups_cost_the_registration_page_no_more_queries(world, staff_a_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_a_client.get("/activities/new/").status_code == 200
        return len(captured)

    queries()  # the first request of a session reads what later ones keep
    before = queries()
    for number in range(12):
        Group.objects.create(name=f"娄星区第{number}代表小组", area=world.county_a)
        Representative.objects.create(code=f"L{number}", name="李明", is_provincial_leader=True)
        Department.objects.create(name=f"厅{number}")
    assert queries() == before
    html = staff_a_client.get("/activities/new/").content.decode()
    assert "娄星区第11代表小组" not in html  # searched for, not listed
    assert len(options(html, "leaders")) == 12
    assert options(html, "departments")["厅11"] == "t11"


def test_a_yes_or_no_filter_offers_either_yes_or_no(world, leader_client):
    html = leader_client.get("/representatives/").content.decode()
    select = re.search(r'<select name="is_provincial_leader".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["---------", "是", "否"]
    leaders = leader_client.get("/representatives/", {"is_provincial_leader": "true"})
    assert leaders.status_code == 200
