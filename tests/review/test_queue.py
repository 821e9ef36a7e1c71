"""The review queue 待审核: a reviewer approves or returns what waits in their areas, and
the author finds what came back on their 待补录."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group as RoleGroup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from activities.models import Activity, ContactTally, MediaReport, Output, Problem
from activities.review import Review
from ledgers.models import ImportRecord
from review import queue as review_queue
from review import views as review_views

from ..conftest import login

pytestmark = pytest.mark.django_db

QUEUE = reverse("review:queue")
START = timezone.make_aware(datetime.datetime(2024, 6, 1, 9, 0))


@pytest.fixture
def reviewer_a(world, django_user_model):
    return login(django_user_model, "reviewer-a", Role.REVIEWER, [world.area_a])


@pytest.fixture
def reviewer_b(world, django_user_model):
    return login(django_user_model, "reviewer-b", Role.REVIEWER, [world.area_b])


def submitted(record, by, *, hours=0, batch=None):
    """`record` entered by `by` and waiting for review, submitted `hours` after START."""
    record.submit(by, batch=batch)
    record.save()
    when = START + datetime.timedelta(hours=hours)
    type(record).objects.filter(pk=record.pk).update(submitted_at=when)
    record.submitted_at = when
    return record


def new_activity(world, title, group=None, **fields):
    activity = Activity.objects.create(
        campaign=world.campaign, date=datetime.date(2024, 4, 20), title=title, **fields
    )
    activity.groups.add(group or world.group_a)
    return activity


def rows(response):
    return [(row.kind, row.pk) for row in response.context["page"]]


def pick(response, record):
    """The pick the page showed for `record`."""
    kind = {Activity: "activity", Problem: "problem", ContactTally: "tally"}[type(record)]
    (row,) = [row for row in response.context["page"] if (row.kind, row.pk) == (kind, record.pk)]
    return row.pick


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_queue_lists_what_waits_in_scope_oldest_first(world, reviewer_a, staff_a_client):
    staff = staff_a_client.user
    activity = submitted(new_activity(world, "新登记的调研"), staff, hours=2)
    problem = submitted(Problem.objects.create(activity=world.activity_a, title="路灯"), staff)
    tally = submitted(
        ContactTally.objects.create(
            area=world.area_a, start=datetime.date(2024, 3, 1), end=datetime.date(2024, 3, 31)
        ),
        staff,
        hours=5,
    )
    submitted(new_activity(world, "湘西的调研", world.group_b), staff, hours=1)  # area B

    response = reviewer_a.get(QUEUE)

    assert rows(response) == [
        ("problem", problem.pk),
        ("activity", activity.pk),
        ("tally", tally.pk),
    ]
    assert "湘西的调研" not in response.content.decode()
    assert world.activity_a.title not in response.content.decode()  # approved: not waiting


def test_the_queue_is_filtered_like_the_lists(
    world, admin_role_client, staff_a_client, django_user_model
):
    staff = staff_a_client.user
    in_a = submitted(new_activity(world, "甲地调研"), staff, hours=1)
    in_b = submitted(new_activity(world, "乙地调研", world.group_b), staff, hours=2)
    problem = submitted(Problem.objects.create(activity=world.activity_a, title="路灯"), staff)
    other = login(django_user_model, "staff-c", Role.STAFF).user
    by_other = submitted(new_activity(world, "他人调研"), other, hours=3)
    elsewhere = new_activity(world, "无主题调研")
    elsewhere.campaign = None
    elsewhere.save()
    elsewhere = submitted(elsewhere, staff, hours=4)

    def shown(**filters):
        return rows(admin_role_client.get(QUEUE, filters))

    assert shown(kind="problem") == [("problem", problem.pk)]
    assert shown(area=world.area_b.pk) == [("activity", in_b.pk)]
    assert ("activity", in_a.pk) in shown(area=world.area_a.pk)
    assert shown(author=other.pk) == [("activity", by_other.pk)]
    assert ("activity", elsewhere.pk) not in shown(campaign=world.campaign.pk)
    assert ("activity", elsewhere.pk) in shown()
    assert shown(submitted_after="2024-06-01", submitted_before="2024-06-01") != []
    assert shown(submitted_after="2024-06-02") == []


def test_a_reviewer_of_a_neither_sees_nor_decides_b(world, reviewer_a, staff_b_client):
    record = submitted(new_activity(world, "乙地调研", world.group_b), staff_b_client.user)
    entries = LogEntry.objects.count()

    page = reviewer_a.get(QUEUE)
    posted = reviewer_a.post(QUEUE, {"decision": "approve", "pick": f"activity:{record.pk}:1"})

    assert rows(page) == []
    assert posted.status_code == 404
    record.refresh_from_db()
    assert record.review == Review.SUBMITTED
    assert LogEntry.objects.count() == entries


def test_nobody_approves_their_own_entry(world, django_user_model, admin_role_client):
    both = login(django_user_model, "staff-reviewer", Role.STAFF, [world.area_a])
    both.user.groups.add(RoleGroup.objects.get(name=Role.REVIEWER))
    own = submitted(new_activity(world, "自己的调研"), both.user)
    admins_own = submitted(new_activity(world, "管理员的调研"), admin_role_client.user)

    assert rows(both.get(QUEUE)) == [("activity", admins_own.pk)]
    assert rows(admin_role_client.get(QUEUE)) == [("activity", own.pk)]
    mine = both.post(QUEUE, {"decision": "approve", "pick": f"activity:{own.pk}:{own.version}"})
    admins = admin_role_client.post(
        QUEUE, {"approve_one": f"activity:{admins_own.pk}:{admins_own.version}"}
    )

    assert (mine.status_code, admins.status_code) == (404, 404)
    assert Activity.objects.filter(review=Review.SUBMITTED).count() == 2


def test_a_reviewer_approves_one_and_it_counts(world, reviewer_a, staff_a_client):
    record = submitted(new_activity(world, "新登记的调研"), staff_a_client.user)
    assert record not in Activity.objects.counted()
    page = reviewer_a.get(QUEUE)

    response = reviewer_a.post(QUEUE, {"approve_one": pick(page, record)}, follow=True)

    assert messages_of(response) == ["已通过 1 条记录。"]
    record.refresh_from_db()
    assert (record.review, record.reviewed_by) == (Review.APPROVED, reviewer_a.user)
    assert record in Activity.objects.counted()
    assert rows(response) == []


def test_a_batch_return_needs_a_reason_and_reaches_the_author(world, reviewer_a, staff_a_client):
    staff = staff_a_client.user
    activity = submitted(new_activity(world, "新登记的调研"), staff)
    problem = submitted(Problem.objects.create(activity=world.activity_a, title="路灯"), staff)
    page = reviewer_a.get(QUEUE, {"kind": ""})
    ticked = {"decision": "return", "pick": [pick(page, activity), pick(page, problem)]}

    refused = reviewer_a.post(f"{QUEUE}?kind=", ticked, follow=True)

    assert messages_of(refused) == ["退回须填写理由：未填理由，未退回任何记录。"]
    assert refused.redirect_chain == [(f"{QUEUE}?kind=", 302)]
    assert Activity.objects.filter(review=Review.RETURNED).count() == 0

    returned = reviewer_a.post(QUEUE, {**ticked, "reason": "缺少出席名单"}, follow=True)

    assert messages_of(returned) == ["已将 2 条记录退回填报人。"]
    missing = staff_a_client.get(reverse("activities:missing"))
    text = missing.content.decode()
    assert "退回待改" in text
    assert {record for _kind, record in missing.context["returned"]} == {activity, problem}
    assert text.count("缺少出席名单") == 2
    assert reverse("activities:activity-edit", args=[activity.pk]) in text
    assert reverse("activities:problem-detail", args=[problem.pk]) in text
    detail = staff_a_client.get(activity.get_absolute_url()).content.decode()
    assert "退回" in detail and "缺少出席名单" in detail


def test_the_author_sees_how_many_entries_await_review(world, staff_a_client):
    submitted(new_activity(world, "新登记的调研"), staff_a_client.user)
    submitted(Problem.objects.create(activity=world.activity_a, title="路灯"), staff_a_client.user)

    text = staff_a_client.get(reverse("activities:missing")).content.decode()

    assert "您有 2 条填报正在等待审核。" in text


def test_a_record_changed_since_the_page_was_opened_is_not_decided(
    world, reviewer_a, staff_a_client
):
    first = submitted(new_activity(world, "第一次调研"), staff_a_client.user)
    second = submitted(new_activity(world, "第二次调研"), staff_a_client.user, hours=1)
    page = reviewer_a.get(QUEUE)
    second.title = "第二次调研（改）"
    submitted(second, staff_a_client.user, hours=2)

    response = reviewer_a.post(
        QUEUE, {"decision": "approve", "pick": [pick(page, first), pick(page, second)]}, follow=True
    )

    (said,) = messages_of(response)
    assert "有 1 条在您打开本页后已被修改或已被审核，本次未作任何审核" in said
    assert Activity.objects.filter(review=Review.APPROVED).count() == 2  # the world's two


def test_the_changes_since_the_last_approval_are_shown(world, reviewer_a, staff_a_client):
    record = submitted(new_activity(world, "旧标题"), staff_a_client.user)
    reviewer_a.post(QUEUE, {"approve_one": pick(reviewer_a.get(QUEUE), record)})
    record.refresh_from_db()
    record.title = "新标题"
    submitted(record, staff_a_client.user)

    (row,) = reviewer_a.get(QUEUE).context["page"]

    assert (row.is_new, row.changes) == (False, [("名称", "旧标题 → 新标题")])


def make_upload(staff, n, world, group=None):
    upload = ImportRecord.objects.create(
        user=staff, kind="activities", file_name="六月台账.xlsx", status="applied"
    )
    for i in range(n):
        submitted(new_activity(world, f"台账活动{i}", group), staff, hours=i, batch=upload.pk)
    return upload


def test_an_upload_is_one_row_decided_whole(world, reviewer_a, staff_a_client):
    upload = make_upload(staff_a_client.user, 3, world)
    alone = submitted(new_activity(world, "单独登记"), staff_a_client.user, hours=9)

    page = reviewer_a.get(QUEUE)

    assert rows(page) == [("batch", upload.pk), ("activity", alone.pk)]
    text = page.content.decode()
    assert "六月台账.xlsx" in text and "3 条记录" in text
    assert reverse("review:upload", args=[upload.pk]) in text
    assert reviewer_a.get(reverse("ledgers:import-detail", args=[upload.pk])).status_code == 200
    (batch_row, _alone) = page.context["page"]

    response = reviewer_a.post(QUEUE, {"approve_one": batch_row.pick}, follow=True)

    assert messages_of(response) == ["已通过 3 条记录。"]
    counted = Activity.objects.counted().filter(review_batch=upload.pk)
    assert counted.count() == 3
    assert rows(response) == [("activity", alone.pk)]
    # decided, the upload has nothing left to review, and is again its author's to read
    assert reviewer_a.get(reverse("review:upload", args=[upload.pk])).status_code == 404
    assert reviewer_a.get(reverse("ledgers:import-detail", args=[upload.pk])).status_code == 404


def test_a_leader_of_the_area_does_not_read_a_staff_upload(
    world, staff_a_client, django_user_model
):
    upload = make_upload(staff_a_client.user, 1, world)
    leader = login(django_user_model, "leader-a", Role.LEADER, [world.area_a])

    assert leader.get(reverse("ledgers:import-detail", args=[upload.pk])).status_code == 404


def test_an_upload_changed_since_the_page_was_opened_is_not_decided(
    world, reviewer_a, staff_a_client
):
    upload = make_upload(staff_a_client.user, 2, world)
    (row,) = reviewer_a.get(QUEUE).context["page"]
    corrected = Activity.objects.filter(review_batch=upload.pk).first()
    corrected.title = "更正后的台账活动"
    submitted(corrected, staff_a_client.user, batch=upload.pk)

    response = reviewer_a.post(QUEUE, {"decision": "approve", "pick": row.pick}, follow=True)

    assert "本次未作任何审核" in messages_of(response)[0]
    assert Activity.objects.filter(review_batch=upload.pk, review=Review.SUBMITTED).count() == 2


def test_another_areas_upload_is_out_of_reach(world, reviewer_a, staff_b_client):
    upload = make_upload(staff_b_client.user, 2, world, world.group_b)
    entries = LogEntry.objects.count()

    response = reviewer_a.post(QUEUE, {"decision": "approve", "pick": f"batch:{upload.pk}:2-2"})

    assert response.status_code == 404
    assert Activity.objects.filter(review_batch=upload.pk, review=Review.SUBMITTED).count() == 2
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize(
    "picked", ["activity:99999999999999999999999:1", "activity:²:1", "nothing:1:1", "batch:x:1"]
)
def test_a_pick_no_page_writes_finds_nothing(world, admin_role_client, picked):
    posted = {"decision": "return", "pick": picked, "reason": "理由\x00"}

    response = admin_role_client.post(QUEUE, posted)

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_leaders_and_staff_have_no_queue(leader_client, staff_a_client, method):
    for client in (leader_client, staff_a_client):
        assert getattr(client, method)(QUEUE).status_code == 403


def test_the_queue_link_is_for_reviewers(world, reviewer_a, staff_a_client):
    assert QUEUE in reviewer_a.get(reverse("activities:missing")).content.decode()
    assert QUEUE not in staff_a_client.get(reverse("activities:missing")).content.decode()


def add_waiting(world, staff, n, approved_first=False):
    for i in range(n):
        activity = new_activity(world, f"活动{i}")
        problem = Problem.objects.create(activity=world.activity_a, title=f"问题{i}")
        output = Output.objects.create(kind="suggestion", title=f"建议{i}", activity=activity)
        media = MediaReport.objects.create(
            outlet="湖南日报", title=f"报道{i}", published_on=datetime.date(2024, 5, 1),
            activity=activity,
        )  # fmt: skip
        for record in (activity, problem, output, media):
            if approved_first and i % 2:  # some changed since approved: their changes read
                record.approve_as_written()
                record.save()
                record.title = f"{record.title}（改）"
            submitted(record, staff, hours=i)


def test_the_queue_reads_in_a_fixed_number_of_queries(
    world, reviewer_a, staff_a_client, django_assert_num_queries, django_assert_max_num_queries
):
    add_waiting(world, staff_a_client.user, 2, approved_first=True)
    upload = make_upload(staff_a_client.user, 2, world)
    reviewer_a.get(QUEUE)  # warm the session, the scope, the content types

    with CaptureQueriesContext(connection) as few:
        reviewer_a.get(QUEUE)
    add_waiting(world, staff_a_client.user, 4, approved_first=True)
    make_upload(staff_a_client.user, 3, world)

    with django_assert_num_queries(len(few)):
        response = reviewer_a.get(QUEUE)
    assert ("batch", upload.pk) in rows(response)
    assert len(response.context["page"]) == 6 * 4 + 2

    # Past one page: no more queries (one a kind of record the page shows, so the second
    # page, which shows no upload, reads one fewer).
    add_waiting(world, staff_a_client.user, 5, approved_first=True)
    with django_assert_max_num_queries(len(few)):
        response = reviewer_a.get(QUEUE, {"page": 2})
    assert response.context["total"] == 11 * 4 + 2
    assert len(response.context["page"]) == 11 * 4 + 2 - 30


def test_an_upload_of_another_area_stays_out_of_reach(world, reviewer_a, staff_b_client):
    upload = make_upload(staff_b_client.user, 1, world, group=world.group_b)

    assert rows(reviewer_a.get(QUEUE)) == []
    assert reviewer_a.get(reverse("ledgers:import-detail", args=[upload.pk])).status_code == 404


def test_an_uploads_page_shows_each_record_with_its_changes_and_decides_it_whole(
    world, reviewer_a, staff_a_client
):
    upload = make_upload(staff_a_client.user, 3, world)
    changed = Activity.objects.filter(review_batch=upload.pk).first()
    old_title = changed.title
    changed.approve_as_written()
    changed.save()
    changed.title = "台账活动（改）"
    submitted(changed, staff_a_client.user, batch=upload.pk)

    page = reviewer_a.get(reverse("review:upload", args=[upload.pk]))

    assert len(page.context["page"]) == 3
    shown = {row.pk: (row.is_new, row.changes) for row in page.context["page"]}
    assert shown[changed.pk] == (False, [("名称", f"{old_title} → 台账活动（改）")])
    response = reviewer_a.post(
        reverse("review:queue"),
        {"return_one": page.context["whole"].pick, "reason": "日期有误"},
        follow=True,
    )
    assert messages_of(response) == ["已将 3 条记录退回填报人。"]
    assert set(
        Activity.objects.filter(review_batch=upload.pk).values_list("review", flat=True)
    ) == {"returned"}


def shown_in_pages(client, pages, **filters):
    return [rows(client.get(QUEUE, {**filters, "page": n})) for n in range(1, pages + 1)]


def test_the_pages_list_every_row_once_oldest_first_then_by_kind(
    world, reviewer_a, staff_a_client, monkeypatch
):
    monkeypatch.setattr(review_views, "PER_PAGE", 4)
    staff = staff_a_client.user
    add_waiting(world, staff, 3)  # an activity, a problem, an output, a report an hour
    upload = make_upload(staff, 2, world)  # submitted at hours 0 and 1: a row at hour 0
    kinds = {Activity: "activity", Problem: "problem", Output: "output", MediaReport: "media"}
    hour = {}
    for model, kind in kinds.items():
        for record in model.objects.filter(review=Review.SUBMITTED, review_batch=None):
            hour[(kind, record.pk)] = record.submitted_at
    hour[("batch", upload.pk)] = START
    expected = sorted(hour, key=lambda row: (hour[row], row[0], row[1]))

    pages = shown_in_pages(reviewer_a, 4)

    assert [row for page in pages for row in page] == expected
    assert [len(page) for page in pages] == [4, 4, 4, 1]
    assert expected[:2] == [("activity", expected[0][1]), ("batch", upload.pk)]


def test_a_long_queue_is_counted_up_to_the_cap_as_the_other_lists(
    world, reviewer_a, staff_a_client, monkeypatch
):
    monkeypatch.setattr(review_views, "PER_PAGE", 4)
    monkeypatch.setattr(review_queue.Pages, "cap", 5)
    add_waiting(world, staff_a_client.user, 3)  # 12 rows

    first = reviewer_a.get(QUEUE)
    last = reviewer_a.get(QUEUE, {"page": 3})
    past_the_end = reviewer_a.get(QUEUE, {"page": 9})  # an old bookmark: the last page

    text = first.content.decode()
    assert "共 5 项以上待审核" in text and "第 1 页（共 5 条以上）" in text
    assert len(rows(first)) == 4 and first.context["page"].has_next()
    assert len(rows(last)) == 4 and not last.context["page"].has_next()
    assert rows(past_the_end) == rows(last)
    assert "第 3 页，共 3 页" in past_the_end.content.decode()
