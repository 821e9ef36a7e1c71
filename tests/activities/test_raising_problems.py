"""Raising a problem has one write path (`Problem.raising`): the page, the admin (its
problem form and the activity's inline) and the import give the same record."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Problem
from representatives.models import Group
from tests.ledgers.conftest import run_import
from tests.ledgers.files import PROBLEMS

pytestmark = pytest.mark.django_db


def raised(title):
    """What raising gave: the problem's area and status and its history."""
    problem = Problem.objects.get(title=title)
    history = [
        (step.from_status, step.to_status, step.changed_on, step.author.username)
        for step in problem.history.all()
    ]
    return problem.area, problem.status, history


def admin_posted(client, url):
    """What the admin's change page, as opened, posts back: its fields and inlines."""
    page = client.get(url)
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            if field.value() is not None:
                data[field.html_name] = field.value()
    return data


@pytest.fixture
def expected(world, admin_user):
    """A problem raised at activity A: in the area of its group, collected, its history
    beginning on the day of the activity."""
    return (world.county_a, "open", [("", "open", datetime.date(2024, 4, 10), admin_user.username)])


def test_the_page_raises_a_problem(world, admin_client, expected):
    admin_client.post(
        reverse("activities:problems-add", args=[world.activity_a.pk]),
        {"problems-TOTAL_FORMS": 1, "problems-INITIAL_FORMS": 0, "problems-0-title": "村道破损"},
    )

    assert raised("村道破损") == expected


def test_the_admin_raises_a_problem(world, admin_client, expected):
    admin_client.post(
        reverse("admin:activities_problem_add"),
        {"activity": world.activity_a.pk, "title": "村道破损", "status": "open",
         "history-TOTAL_FORMS": 0, "history-INITIAL_FORMS": 0},
    )  # fmt: skip

    assert raised("村道破损") == expected


def test_the_activitys_inline_in_the_admin_raises_a_problem(world, admin_client, expected):
    url = reverse("admin:activities_activity_change", args=[world.activity_a.pk])
    data = admin_posted(admin_client, url)
    data |= {"problems-TOTAL_FORMS": 1, "problems-0-title": "村道破损"}

    admin_client.post(url, data)

    assert raised("村道破损") == expected


def test_the_import_raises_a_problem(world, admin_user, expected):
    report = run_import(
        "problems",
        [PROBLEMS[0], ["WT9", "A-1", "村道破损", "", "", "", "", "", ""]],
        user=admin_user,
    )

    assert report.ok
    assert raised("村道破损") == expected


def test_a_problem_lies_in_the_area_of_its_activitys_first_group_by_name(world):
    world.activity_a.groups.add(Group.objects.create(name="一个更早的小组", area=world.area_b))

    assert Problem.areas_of([world.activity_a.pk, world.activity_b.pk]) == {
        world.activity_a.pk: world.area_b.pk,
        world.activity_b.pk: world.area_b.pk,
    }


def test_an_area_given_is_kept_and_a_resolved_problem_begins_on_its_resolution(world):
    problem = Problem(
        activity=world.activity_a, title="已解决", area=world.area_a, status="resolved",
        resolved_on=datetime.date(2024, 5, 1),
    )  # fmt: skip

    first = problem.save_as_raised()

    assert (problem.area, first.from_status, first.to_status, first.changed_on) == (
        world.area_a, "", "resolved", datetime.date(2024, 5, 1),
    )  # fmt: skip
