"""A problem's outcome 成效 is not lost: resolving needs one (on the page, in the admin,
in an import), it can be corrected without moving the status (in the history, for review),
and the status form opens at the problem's status, so a careless save reopens nothing."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Problem, StatusChange
from activities.review import Review
from ledgers.models import ImportRecord

from .test_review_entry import opened

pytestmark = pytest.mark.django_db

REFUSED = "请填写成效：已解决的问题须说明解决成效。"


@pytest.fixture
def problem(world):
    return Problem.objects.create(activity=world.activity_a, title="村道破损")


@pytest.fixture
def resolved(world):
    """A resolved problem with its outcome, approved as the code writes it."""
    problem = Problem(activity=world.activity_a, title="学校缺教师")
    problem.save_as_raised()
    problem.change_status("resolved", on=datetime.date(2024, 5, 2), outcome="调入教师 3 名")
    return Problem.objects.get(pk=problem.pk)


def url_of(problem):
    return reverse("activities:problem-detail", args=[problem.pk])


def stored(problem):
    return Problem.objects.get(pk=problem.pk)


def post_status(client, problem, **data):
    data = {"version": stored(problem).version, "changed_on": "2024-05-02", **data}
    return client.post(url_of(problem), data)


def post_correction(client, problem, **data):
    """The correction form as opened (what the problem says now), with `data` changed."""
    now = stored(problem)
    opened = {
        "title": now.title, "detail": now.detail, "topic": now.topic_id or "",
        "department": now.department_id or "", "outcome": now.outcome, "note": now.note,
    }  # fmt: skip
    posted = {"record-version": now.version, "correct_record": ""}
    posted.update({f"record-{name}": value for name, value in (opened | data).items()})
    return client.post(url_of(problem), posted, follow=True)


def test_resolving_without_an_outcome_is_refused_on_the_page(problem, staff_a_client):
    response = post_status(staff_a_client, problem, to_status="resolved")

    assert REFUSED in response.content.decode()
    assert stored(problem).status == "open"
    assert not StatusChange.objects.filter(problem=problem).exists()


def test_resolving_with_an_outcome_keeps_it_and_shows_it(problem, staff_a_client):
    post_status(staff_a_client, problem, to_status="resolved", outcome="修复道路 3 公里")

    problem = stored(problem)
    assert (problem.status, problem.outcome) == ("resolved", "修复道路 3 公里")
    assert "修复道路 3 公里" in staff_a_client.get(url_of(problem)).content.decode()


def test_closing_as_unresolvable_still_needs_its_reason(problem, staff_a_client):
    response = post_status(staff_a_client, problem, to_status="unresolvable")

    assert "请说明问题不能解决的原因。" in response.content.decode()
    assert stored(problem).status == "open"


def test_the_status_field_opens_at_the_problems_status(resolved, staff_a_client):
    page = staff_a_client.get(url_of(resolved)).content.decode()

    selected = re.findall(r'<option value="(\w+)" selected>', page)
    assert selected == ["resolved"]


def test_saving_the_status_form_as_opened_reopens_nothing(resolved, staff_a_client):
    data = opened(staff_a_client, url_of(resolved))  # the status form, as a careless save
    data.pop("csrfmiddlewaretoken", None)

    response = staff_a_client.post(url_of(resolved), data)

    assert "问题已是这一状态。" in response.content.decode()
    problem = stored(resolved)
    assert (problem.status, problem.outcome) == ("resolved", "调入教师 3 名")
    assert problem.history.count() == 2  # raised, resolved: no false step


def test_the_outcome_is_corrected_without_a_status_change(resolved, staff_a_client):
    steps = resolved.history.count()

    response = post_correction(
        staff_a_client, resolved, outcome="调入教师 5 名", note="县教育局补充说明"
    )

    problem = stored(resolved)
    assert (problem.status, problem.outcome, problem.note) == (
        "resolved", "调入教师 5 名", "县教育局补充说明",
    )  # fmt: skip
    assert problem.history.count() == steps  # the timeline tells of statuses only
    assert (problem.review, problem.submitted_by) == (Review.SUBMITTED, staff_a_client.user)
    page = response.content.decode()
    assert "问题已保存，等待审核。" in page
    assert "调入教师 5 名" in page


def test_the_correction_is_kept_in_the_history(resolved, staff_a_client):
    post_correction(staff_a_client, resolved, outcome="调入教师 5 名", note="")

    history = staff_a_client.get(reverse("history:problem-history", args=[resolved.pk]))

    page = history.content.decode()
    assert "调入教师 3 名" in page and "调入教师 5 名" in page


def test_an_outcome_is_added_after_closing_as_unresolvable_or_in_progress(problem, staff_a_client):
    post_status(staff_a_client, problem, to_status="in_progress")

    post_correction(staff_a_client, problem, outcome="已与县交通局对接", note="")

    problem = stored(problem)
    assert (problem.status, problem.outcome) == ("in_progress", "已与县交通局对接")


def test_a_resolved_problems_outcome_cannot_be_corrected_away(resolved, staff_a_client):
    response = post_correction(staff_a_client, resolved, outcome="", note="")

    assert REFUSED in response.content.decode()
    problem = stored(resolved)
    assert (problem.outcome, problem.review) == ("调入教师 3 名", Review.APPROVED)


def test_a_correction_saved_unchanged_keeps_the_problem_approved(resolved, staff_a_client):
    response = post_correction(staff_a_client, resolved, outcome="调入教师 3 名", note="")

    assert "没有修改任何内容。" in response.content.decode()
    assert stored(resolved).review == Review.APPROVED


def test_a_stale_correction_is_refused(resolved, staff_a_client):
    opened_at = stored(resolved).version
    post_correction(staff_a_client, resolved, outcome="调入教师 4 名", note="")

    response = staff_a_client.post(
        url_of(resolved),
        {"record-version": opened_at, "record-outcome": "调入教师 6 名", "correct_record": ""},
    )

    assert "您编辑期间，他人已保存了这项问题" in response.content.decode()
    assert stored(resolved).outcome == "调入教师 4 名"


def test_readers_are_offered_no_correction_and_may_not_post_one(resolved, leader_client):
    page = leader_client.get(url_of(resolved)).content.decode()
    assert "correct_record" not in page

    response = leader_client.post(
        url_of(resolved),
        {"record-version": resolved.version, "record-outcome": "改", "correct_record": ""},
    )

    assert response.status_code == 403
    assert stored(resolved).outcome == "调入教师 3 名"


def test_the_admin_refuses_to_resolve_without_an_outcome(problem, admin_client):
    url = reverse("admin:activities_problem_change", args=[problem.pk])
    data = opened(admin_client, url, mark=("id", "problem_form"))
    data.pop("csrfmiddlewaretoken", None)
    data.update(status="resolved", resolved_on="2024-05-02", outcome="")

    response = admin_client.post(url, data)

    assert REFUSED in response.content.decode()
    assert stored(problem).status == "open"


def test_an_import_refuses_a_resolved_row_without_an_outcome(world, staff_a_client):
    rows = [
        "编号,活动编号,问题,领域,承办单位,状态,解决日期,成效,说明",
        "WT-9,A-1,村道破损,,,已解决,2024-05-02,,",
    ]
    upload = ("\n".join(rows) + "\n").encode("utf-8-sig")

    response = staff_a_client.post(
        reverse("ledgers:import-upload"),
        {"kind": "problems", "file": SimpleUploadedFile("problems.csv", upload)},
        follow=True,
    )

    record = ImportRecord.objects.get()
    assert not record.confirmable
    assert REFUSED in response.content.decode()
    assert "成效" in response.content.decode()
    assert not Problem.objects.filter(ref="WT-9").exists()


def test_an_activity_with_a_problem_resolved_before_the_rule_still_saves_in_the_admin(
    world, admin_client
):
    legacy = Problem.objects.create(
        activity=world.activity_a,
        title="旧问题",
        status="resolved",
        resolved_on=datetime.date(2024, 5, 2),
    )  # resolved without an outcome, before the rule
    url = reverse("admin:activities_activity_change", args=[world.activity_a.pk])
    data = opened(admin_client, url, mark=("id", "activity_form"))
    data.pop("csrfmiddlewaretoken", None)
    data.update(title="娄星区代表小组调研（更正）", _save="")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    world.activity_a.refresh_from_db()
    assert world.activity_a.title == "娄星区代表小组调研（更正）"
    assert stored(legacy).status == "resolved"


def test_a_problem_resolved_before_the_rule_can_still_be_marked_for_the_bulletin(
    world, staff_a_client
):
    legacy = Problem.objects.create(
        activity=world.activity_a,
        title="旧问题",
        status="resolved",
        resolved_on=datetime.date(2024, 5, 2),
    )  # resolved without an outcome, before the rule

    staff_a_client.post(
        url_of(legacy),
        {"version": legacy.version, "is_highlight": "True", "toggle_highlight": ""},
    )

    assert stored(legacy).is_highlight


def test_a_returned_problem_is_put_right_on_its_page_and_sent_again(resolved, staff_a_client):
    resolved.submit(staff_a_client.user)
    resolved.review, resolved.return_reason = Review.RETURNED, "问题写得不清楚"
    resolved.save()

    post_correction(staff_a_client, resolved, title="学校缺数学教师", detail="三个班无数学教师")

    problem = stored(resolved)
    assert (problem.title, problem.detail, problem.status) == (
        "学校缺数学教师", "三个班无数学教师", "resolved",
    )  # fmt: skip
    assert (problem.review, problem.return_reason) == (Review.SUBMITTED, "")
