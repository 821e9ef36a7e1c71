"""Problems: added several at once, followed through statuses, listed while open."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Department, Problem

pytestmark = pytest.mark.django_db


def management(total, prefix="problems"):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}


def test_several_problems_are_added_at_once_with_their_first_history(world, staff_a_client):
    data = {
        **management(3),
        "problems-0-title": "村道破损",
        "problems-1-title": "学校缺教师",
        "problems-2-title": "",
    }

    staff_a_client.post(reverse("activities:problems-add", args=[world.activity_a.pk]), data)

    problems = Problem.objects.filter(activity=world.activity_a).order_by("title")
    assert [(p.title, p.status, p.area) for p in problems] == [
        ("学校缺教师", "open", world.county_a),
        ("村道破损", "open", world.county_a),
    ]
    first = problems[0].history.get()
    assert (first.from_status, first.to_status, first.author) == ("", "open", staff_a_client.user)


@pytest.fixture
def problem(world):
    return Problem.objects.create(activity=world.activity_a, title="村道破损")


def change(client, problem, **data):
    problem.refresh_from_db()  # the form as opened now: it carries the current version
    data = {"version": problem.version, **data}
    return client.post(reverse("activities:problem-detail", args=[problem.pk]), data)


def test_status_changes_are_kept_as_a_timeline(problem, staff_a_client):
    change(staff_a_client, problem, to_status="in_progress", changed_on="2024-04-15",
           note="交省交通运输厅")  # fmt: skip
    change(staff_a_client, problem, to_status="resolved", changed_on="2024-05-20",
           note="已修复", outcome="修复道路 3 公里")  # fmt: skip

    problem.refresh_from_db()
    timeline = [
        (c.from_status, c.to_status, c.changed_on.isoformat(), c.author.username, c.note)
        for c in problem.history.all()
    ]
    assert timeline == [
        ("open", "in_progress", "2024-04-15", "staff-a", "交省交通运输厅"),
        ("in_progress", "resolved", "2024-05-20", "staff-a", "已修复"),
    ]
    assert (problem.status, problem.resolved_on, problem.outcome) == (
        "resolved", datetime.date(2024, 5, 20), "修复道路 3 公里",
    )  # fmt: skip
    page = staff_a_client.get(reverse("activities:problem-detail", args=[problem.pk]))
    assert "2024-05-20" in page.content.decode()


def test_closing_unresolved_needs_a_reason(problem, staff_a_client):
    response = change(staff_a_client, problem, to_status="unresolvable", changed_on="2024-04-15")

    problem.refresh_from_db()
    assert "请说明问题不能解决的原因。" in response.content.decode()
    assert problem.status == "open"
    assert not problem.history.exists()


def test_a_change_dated_before_the_activity_is_refused(problem, staff_a_client):
    response = change(staff_a_client, problem, to_status="in_progress", changed_on="2024-04-01")

    problem.refresh_from_db()
    assert "日期不能早于反映该问题的活动。" in response.content.decode()
    assert problem.status == "open"


def test_the_same_status_again_is_refused(problem, staff_a_client):
    response = change(staff_a_client, problem, to_status="open", changed_on="2024-04-15")

    assert "问题已是这一状态。" in response.content.decode()
    assert not problem.history.exists()


def test_open_problems_are_listed_oldest_first_and_overdue_marked(world, leader_client):
    old_activity = world.activity_a
    roads = Department.objects.create(name="省交通运输厅")
    old = Problem.objects.create(activity=old_activity, title="旧问题", department=roads)
    world.activity_b.date = timezone.localdate()
    world.activity_b.campaign = None
    world.activity_b.save()
    new = Problem.objects.create(activity=world.activity_b, title="新问题", department=roads)
    Problem.objects.create(
        activity=old_activity, title="已解决", status="resolved", department=roads
    )

    response = leader_client.get(reverse("activities:open-problems"))

    assert [p.title for p in response.context["problems"]] == [old.title, new.title]
    assert list(response.context["by_department"]) == [
        {"department__name": "省交通运输厅", "n": 2, "overdue": 1, "oldest": old_activity.date}
    ]
    assert '<tr class="overdue"><td class="nowrap">2024-04-10</td>' in response.content.decode()


def test_staff_mark_a_problem_as_a_highlight_for_the_bulletin(problem, staff_a_client):
    url = reverse("activities:problem-detail", args=[problem.pk])

    staff_a_client.post(
        url, {"toggle_highlight": "1", "is_highlight": "True", "version": problem.version}
    )

    problem.refresh_from_db()
    assert problem.is_highlight is True
    assert not problem.history.exists()  # not a status change


def test_the_problem_list_searches_and_filters(world, leader_client):
    Problem.objects.create(activity=world.activity_a, title="村道破损", status="open")
    Problem.objects.create(activity=world.activity_b, title="学校缺教师", status="resolved")

    found = leader_client.get(reverse("activities:problem-list"), {"q": "村道"})
    resolved = leader_client.get(reverse("activities:problem-list"), {"status": "resolved"})

    assert [p.title for p in found.context["page"]] == ["村道破损"]
    assert [p.title for p in resolved.context["page"]] == ["学校缺教师"]
