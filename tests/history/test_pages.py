"""The 修改记录 page of an activity and of a problem: whoever sees the record reads its
history; a user of another area finds nothing."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role as RoleName
from activities.models import Problem
from tests.activities.test_registration import form_data
from tests.conftest import login


def test_the_activity_page_shows_each_change_with_who_made_it(world, staff_a_client):
    world.activity_a.title = "改过的标题"
    world.activity_a.save()
    url = reverse("history:activity-history", args=[world.activity_a.pk])

    page = staff_a_client.get(url).content.decode()

    assert "名称：娄星区代表小组调研 → 改过的标题" in page  # the field by its name


def test_the_problem_page_shows_its_history(world, staff_a_client):
    problem = Problem.objects.create(activity=world.activity_a, title="村道失修")
    problem.title = "村道年久失修"
    problem.status = Problem.Status.IN_PROGRESS
    problem.save()

    page = staff_a_client.get(reverse("history:problem-history", args=[problem.pk]))

    row = page.context["rows"][0]
    assert (str(row["action"]), str(row["path"])) == ("修改", "命令行")
    assert dict(row["changes"]) == {"问题": "村道失修 → 村道年久失修", "状态": "已收集 → 办理中"}


def test_another_areas_staff_finds_no_history(world, staff_b_client):
    url = reverse("history:activity-history", args=[world.activity_a.pk])

    assert staff_b_client.get(url).status_code == 404


def test_the_history_page_costs_the_same_queries_for_more_changes(world, staff_a_client):
    url = reverse("history:activity-history", args=[world.activity_a.pk])
    staff_a_client.get(url)  # the session and the kinds of record, cached once

    def queries_after(changes):
        for n in range(changes):
            world.activity_a.title = f"第{n}次"
            world.activity_a.save()
        with CaptureQueriesContext(connection) as queries:
            assert staff_a_client.get(url).status_code == 200
        return len(queries)

    assert queries_after(1) == queries_after(5)


def test_the_activity_page_shows_the_changes_of_its_attendance(world, staff_a_client):
    row = world.activity_a.attendance.get(representative=world.reps_a[1])
    row.status = "present"
    row.save()

    page = staff_a_client.get(reverse("history:activity-history", args=[world.activity_a.pk]))

    part, changes = page.context["rows"][0]["part"], dict(page.context["rows"][0]["changes"])
    assert (part, changes) == ("李四: 出席", {"状态": "缺席 → 出席"})


def test_a_representatives_page_shows_their_memberships_changes(world, staff_a_client):
    rep = world.reps_a[0]
    membership = rep.memberships.get()
    membership.left_on = datetime.date(2024, 12, 31)
    membership.save()
    rep.post = "村支书"
    rep.save()

    page = staff_a_client.get(reverse("history:representative-history", args=[rep.pk]))

    parts = [(row["part"], dict(row["changes"])) for row in page.context["rows"]][:2]
    assert parts == [
        ("", {"职务": "— → 村支书"}),
        ("吴静波 @ 娄星区代表小组", {"离组日期": "— → 2024-12-31"}),
    ]


def test_each_record_page_links_its_history(world, staff_a_client):
    pages = {
        reverse("archives:representative", args=[world.reps_a[0].pk]): reverse(
            "history:representative-history", args=[world.reps_a[0].pk]
        ),
        reverse("archives:group", args=[world.group_a.pk]): reverse(
            "history:group-history", args=[world.group_a.pk]
        ),
        reverse("activities:area-detail", args=[world.area_a.pk]): reverse(
            "history:area-history", args=[world.area_a.pk]
        ),
        world.campaign.get_absolute_url(): reverse(
            "history:campaign-history", args=[world.campaign.slug]
        ),
    }
    for page, history in pages.items():
        assert f'href="{history}"' in staff_a_client.get(page).content.decode()


def test_an_attendance_change_on_the_page_is_kept_and_shown_to_the_reviewer(
    world, staff_a_client, django_user_model
):
    """Changed on the activity's page, A2 from absent to on leave and A1 taken off: the
    activity's history and the review queue say so, the removed row included."""
    _a1, a2 = world.reps_a
    url = reverse("activities:activity-edit", args=[world.activity_a.pk])
    data = form_data(
        world, save="1", date="2024-04-10", title=world.activity_a.title,
        version=world.activity_a.version,
        **{f"status_{a2.pk}": "leave", f"reason_{a2.pk}": "住院"},
    )  # fmt: skip
    data.pop("submission")
    assert staff_a_client.post(url, data).status_code == 302

    page = staff_a_client.get(reverse("history:activity-history", args=[world.activity_a.pk]))
    parts = {(row["part"], str(row["action"])) for row in page.context["rows"]}
    assert {("吴静波: 出席", "删除"), ("李四: 请假", "修改")} <= parts

    reviewer = login(django_user_model, "reviewer-a", RoleName.REVIEWER, [world.area_a])
    (row,) = reviewer.get(reverse("review:queue")).context["page"]
    assert ("出席情况", "− 吴静波: 出席") in row.changes
    assert ("出席情况 · 李四 · 状态", "缺席 → 请假") in row.changes
