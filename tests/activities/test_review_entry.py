"""Every way a person enters or changes a record of the work submits it for review, and
the figures do not move until a reviewer approves it (issue 11, entry → review).

The pages and the admin submit what they change (or keep it as a draft); saved unchanged,
an approved record stays approved. Then the done-when: a staff entry leaves the campaign
report and every dashboard as they were until a reviewer approves it, and moves them by
exactly what it entered once approved.
"""

import copy
import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity, Attendance, ContactTally, MediaReport, Output, Problem
from activities.review import Review
from representatives.models import Group, Membership, Representative
from tests.conftest import build_world, kept_for_the_module, login

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2023, 1, 1)


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    """The two areas' world (tests/conftest.py), with a provincial leader in area A's group
    leading the campaign, a second group in area A, and the people who enter, review, read
    and administer. Built once for the module."""
    with kept_for_the_module(django_db_blocker):
        w = build_world()
        w.leader = Representative.objects.create(
            code="L1", name="毛伟明", is_provincial_leader=True
        )
        Membership.objects.create(representative=w.leader, group=w.group_a, joined_on=SINCE)
        w.campaign.leaders.add(w.leader)
        w.group_a2 = Group.objects.create(name="娄底市第二代表小组", area=w.area_a)
        users = get_user_model()
        w.staff = login(users, "staff-a", Role.STAFF, [w.area_a])
        w.reviewer = login(users, "reviewer-a", Role.REVIEWER, [w.area_a])
        w.reader = login(users, "leader", Role.LEADER)
        w.admin = login(users, "office-admin", Role.ADMIN)
        yield w


def refreshed(record):
    """`record` as stored now, read afresh: the module's records are shared by its tests,
    so none is refreshed in place."""
    return type(record)._base_manager.get(pk=record.pk)


def entry_of(record):
    """How a record stands for review: (state, who submitted it, batch), and that the
    submission is dated when someone submitted it."""
    record = refreshed(record)
    assert (record.submitted_at is not None) == (record.submitted_by is not None)
    who = record.submitted_by.username if record.submitted_by else None
    return record.review, who, record.review_batch


APPROVED_AS_BUILT = (Review.APPROVED, None, None)


def submitted_by(client):
    return Review.SUBMITTED, client.user.username, None


# --- what a form posts back as it was opened ---------------------------------------


class PostedBack(HTMLParser):
    """The fields a browser posts of the page's form marked `mark` (an attribute and one
    of its words: the app's forms are cards, the admin's has an id), untouched: inputs,
    checked boxes, selected options, text areas."""

    def __init__(self, mark):
        super().__init__()
        self.mark, self.inside, self.done = mark, False, False
        self.data, self.select, self.textarea = {}, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            attribute, word = self.mark
            self.inside = word in (attrs.get(attribute) or "").split()
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            box = kind in ("checkbox", "radio")
            if box and "checked" not in attrs:
                return
            self.add(name, attrs.get("value") or ("on" if box else ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data.removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def opened(client, url, mark=("class", "card")):
    """What the form at `url`, as just opened, posts back."""
    parser = PostedBack(mark)
    parser.feed(client.get(url).content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def the_form(client, url):
    """The form at `url` as opened, to post back: a test adds the button it presses."""
    data = opened(client, url)
    data.pop("csrfmiddlewaretoken", None)
    return data


def registration(w, **overrides):
    """A new activity of group A on 20 April, led by the leader, A1 and A2 present."""
    data = {
        "campaign": w.campaign.pk,
        "date": "2024-04-20",
        "title": "娄星区小组走访",
        "place": "娄星区",
        "mode": "own_group",
        "groups": [w.group_a.pk],
        "leaders": [w.leader.pk],
        "version": 0,
        "submission": "",
        f"status_{w.reps_a[0].pk}": "present",
        f"status_{w.reps_a[1].pk}": "present",
        "save": "1",
    }
    return data | overrides


# --- the pages -----------------------------------------------------------------------


def test_registering_an_activity_submits_it_with_its_attendance(office):
    response = office.staff.post(
        reverse("activities:activity-create"), registration(office), follow=True
    )

    activity = Activity.objects.get(title="娄星区小组走访")
    assert entry_of(activity) == submitted_by(office.staff)
    assert activity.attendance.count() == 2
    assert "活动已保存，等待审核。" in response.content.decode()


def test_a_draft_is_kept_until_saved_with_the_main_button(office):
    url = reverse("activities:activity-create")
    data = registration(office, draft="1")
    del data["save"]

    drafted = office.staff.post(url, data, follow=True)
    activity = Activity.objects.get(title="娄星区小组走访")
    assert entry_of(activity) == (Review.DRAFT, "staff-a", None)
    assert "活动已保存为草稿：提交后才进入审核。" in drafted.content.decode()

    edit = reverse("activities:activity-edit", args=[activity.pk])
    office.staff.post(edit, {**the_form(office.staff, edit), "save": "1"})

    assert entry_of(activity) == submitted_by(office.staff)


def test_an_activity_saved_unchanged_stays_approved(office):
    url = reverse("activities:activity-edit", args=[office.activity_a.pk])
    version = office.activity_a.version

    response = office.staff.post(url, {**the_form(office.staff, url), "save": "1"}, follow=True)

    assert entry_of(office.activity_a) == APPROVED_AS_BUILT
    assert "没有修改任何内容。" in response.content.decode()
    assert refreshed(office.activity_a).version == version + 1  # saved all the same


@pytest.mark.parametrize(
    "change",
    ["title", "attendance", "all present", "guest", "leader", "group"],
)
def test_each_change_of_an_activity_submits_it(office, change):
    a2 = office.reps_a[1]
    url = reverse("activities:activity-edit", args=[office.activity_a.pk])
    data = {**the_form(office.staff, url), "save": "1"}
    data |= {
        "title": {"title": "改过的标题"},
        "attendance": {f"status_{a2.pk}": "leave", f"reason_{a2.pk}": "住院"},
        "all present": {f"status_{a2.pk}": "", "all_present": "1"},
        "guest": {"guest": [office.reps_b[0].code]},
        "leader": {"leaders": [office.leader.pk]},
        "group": {"groups": [office.group_a.pk, office.group_a2.pk]},
    }[change]

    response = office.staff.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert entry_of(office.activity_a) == submitted_by(office.staff)


def test_raising_problems_submits_each(office):
    url = reverse("activities:problems-add", args=[office.activity_a.pk])
    data = {
        "problems-TOTAL_FORMS": 3, "problems-INITIAL_FORMS": 0,
        "problems-0-title": "村道破损", "problems-1-title": "路灯不亮",
    }  # fmt: skip

    response = office.staff.post(url, data, follow=True)

    problems = office.activity_a.problems.all()
    assert [entry_of(problem) for problem in problems] == [submitted_by(office.staff)] * 2
    assert "问题已保存，等待审核。" in response.content.decode()


def test_moving_a_problems_status_submits_it(office):
    problem = Problem(activity=office.activity_a, title="村道破损")
    problem.save_as_raised()  # approved, as the code writes it
    url = reverse("activities:problem-detail", args=[problem.pk])

    response = office.staff.post(
        url,
        {
            "version": problem.version,
            "to_status": "resolved",
            "changed_on": "2024-04-25",
            "outcome": "村道已修复",
        },
        follow=True,
    )

    assert refreshed(problem).status == "resolved"
    assert entry_of(problem) == submitted_by(office.staff)
    assert "状态已变更，等待审核。" in response.content.decode()


def approved_records(w):
    return {
        "outputs": Output.objects.create(
            kind="suggestion", title="原标题", campaign=w.campaign, activity=w.activity_a
        ),
        "tallies": ContactTally.objects.create(
            area=w.county_a, campaign=w.campaign, start=w.campaign.start, end=w.campaign.end
        ),
        "media": MediaReport.objects.create(
            outlet="湖南日报",
            title="原标题",
            published_on=datetime.date(2024, 4, 12),
            campaign=w.campaign,
        ),
    }


NEW = {
    "outputs": {"kind": "suggestion", "title": "村道养护建议", "date": "2024-05-01"},
    "tallies": {
        "start": "2024-04-01",
        "end": "2024-04-30",
        "person_times": "300",
        "problems_solved": "3",
        "aid_yuan": "0",
    },
    "media": {"outlet": "娄底日报", "title": "代表走访", "published_on": "2024-04-21"},
}
CHANGE = {
    "outputs": ("title", "新标题"),
    "tallies": ("person_times", "99"),
    "media": ("title", "新标题"),
}


@pytest.mark.parametrize("kind", NEW)
@pytest.mark.parametrize("button", ["save", "draft"])
def test_adding_an_output_tally_or_report_submits_it_or_keeps_a_draft(office, kind, button):
    data = {"campaign": office.campaign.pk, **NEW[kind], button: "1"}
    if kind == "tallies":
        data["area"] = office.county_a.pk
    if kind == "outputs":
        data["activity"] = office.activity_a.pk

    response = office.staff.post(reverse(f"activities:{kind}-add"), data)

    assert response.status_code == 302, response.context["form"].errors
    record = {"outputs": Output, "tallies": ContactTally, "media": MediaReport}[kind].objects.get()
    state = Review.DRAFT if button == "draft" else Review.SUBMITTED
    assert entry_of(record) == (state, "staff-a", None)


@pytest.mark.parametrize("kind", NEW)
def test_changing_an_output_tally_or_report_submits_it(office, kind):
    record = approved_records(office)[kind]
    url = reverse(f"activities:{kind}-edit", args=[record.pk])
    field, value = CHANGE[kind]

    office.staff.post(url, {**the_form(office.staff, url), field: value, "save": "1"})

    assert entry_of(record) == submitted_by(office.staff)


@pytest.mark.parametrize("kind", NEW)
def test_an_output_tally_or_report_saved_unchanged_stays_approved(office, kind):
    record = approved_records(office)[kind]
    url = reverse(f"activities:{kind}-edit", args=[record.pk])

    response = office.staff.post(url, {**the_form(office.staff, url), "save": "1"}, follow=True)

    assert entry_of(record) == APPROVED_AS_BUILT
    assert "没有修改任何内容。" in response.content.decode()


# --- the admin -------------------------------------------------------------------------


def admin_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def admin_form(client, record):
    """The admin's change form of `record` as opened, ready to save."""
    data = opened(client, admin_url(record), mark=("id", f"{record._meta.model_name}_form"))
    return data | {"_save": "1"}


def test_a_change_in_the_admin_submits_it_as_the_admins(office):
    data = admin_form(office.admin, office.activity_a) | {"title": "管理员改的"}

    response = office.admin.post(admin_url(office.activity_a), data)

    assert response.status_code == 302
    assert entry_of(office.activity_a) == submitted_by(office.admin)


def test_an_attendance_change_inline_in_the_admin_submits_the_activity(office):
    absent = Attendance.objects.get(activity=office.activity_a, status="absent")
    data = admin_form(office.admin, office.activity_a)
    [row] = [key for key, value in data.items() if key.endswith("-id") and value == str(absent.pk)]
    data[row.removesuffix("-id") + "-status"] = "present"

    response = office.admin.post(admin_url(office.activity_a), data)

    assert response.status_code == 302
    assert refreshed(absent).status == "present"
    assert entry_of(office.activity_a) == submitted_by(office.admin)


def test_an_attendance_changed_in_its_own_admin_submits_the_activity(office):
    absent = Attendance.objects.get(activity=office.activity_a, status="absent")
    data = admin_form(office.admin, absent) | {"status": "present"}

    office.admin.post(admin_url(absent), data)

    assert entry_of(office.activity_a) == submitted_by(office.admin)


def test_a_problems_status_changed_in_the_admin_submits_it(office):
    problem = Problem(activity=office.activity_a, title="村道破损")
    problem.save_as_raised()
    data = admin_form(office.admin, problem) | {"status": "in_progress"}

    office.admin.post(admin_url(problem), data)

    assert refreshed(problem).history.last().to_status == "in_progress"
    assert entry_of(problem) == submitted_by(office.admin)


@pytest.mark.parametrize("kind", ["activity", "problem", "outputs", "tallies", "media"])
def test_an_admin_save_with_no_change_keeps_the_record_approved(office, kind):
    if kind == "activity":
        record = office.activity_a
    elif kind == "problem":
        record = Problem(activity=office.activity_a, title="村道破损")
        record.save_as_raised()
    else:
        record = approved_records(office)[kind]

    response = office.admin.post(admin_url(record), admin_form(office.admin, record))

    assert response.status_code == 302
    assert entry_of(record) == APPROVED_AS_BUILT


def test_the_admin_shows_the_review_and_lists_by_it(office):
    activity = refreshed(office.activity_a)
    activity.submit(office.staff.user)
    activity.save()

    change = office.admin.get(admin_url(office.activity_a))
    listed = office.admin.get(
        reverse("admin:activities_activity_changelist"), {"review": "submitted"}
    )

    assert "review" not in change.context["adminform"].form.fields  # shown, never typed
    assert "staff-a" in change.content.decode()  # submitted by
    assert list(listed.context["cl"].result_list) == [office.activity_a]
    assert "review" in listed.context["cl"].list_display


# --- the done-when: the figures move only once approved -----------------------------

APRIL = {"date_after": "2024-04-01", "date_before": "2024-04-30"}
SPRING = {"start": "2024-03-01", "end": "2024-05-31"}


def shown(w, pending=False):
    """The figures the report and the dashboards show a leader, as plain data."""
    switch = {"pending": "1"} if pending else {}
    pages = {
        "report": reverse("activities:campaign-report", args=[w.campaign.slug, "json"]),
        "campaign": reverse("activities:campaign-detail", args=[w.campaign.slug]),
        "overview": reverse("activities:overview"),
        "area": reverse("activities:area-detail", args=[w.area_a.pk]),
        "group": reverse("archives:group", args=[w.group_a.pk]),
    }
    asked = {"overview": APRIL, "area": APRIL, "group": SPRING}
    got = {
        name: w.reader.get(url, {**asked.get(name, {}), **switch}) for name, url in pages.items()
    }

    def measures(response):
        return {m["key"]: m["now"] for m in response.context["measures"]}

    campaign = got["campaign"].context
    return {
        "report": got["report"].json(),
        "campaign": (campaign["figures"], [row["led"] for row in campaign["rows"]]),
        "overview": measures(got["overview"]),
        "area": (
            measures(got["area"]),
            [(g.name, g.participated, g.total, rate) for g, rate in got["area"].context["groups"]],
        ),
        "group": (
            [(row.representative.code, row.rate) for row in got["group"].context["rows"]],
            len(got["group"].context["activities"]),
        ),
        "says pending": {
            name: (response.context["pending_counted"], "counting-pending" in response.text)
            for name, response in got.items()
            if name != "report"
        },
    }


def moved(figures, **changes):
    """`figures` (from `shown`) with the values at the paths of `changes` (keys joined by
    "__") replaced."""
    figures = copy.deepcopy(figures)
    for path, value in changes.items():
        *parents, last = path.split("__")
        place = figures
        for key in parents:
            place = place[int(key) if isinstance(place, (list, tuple)) else key]
        place[last] = value
    return figures


@pytest.fixture(scope="module")
def staff_entry(office, django_db_blocker):
    """The figures before; then staff of area A register an activity of group A with its
    attendance, led by the campaign's leader, and raise a problem at it that they resolve,
    all through the pages."""
    with kept_for_the_module(django_db_blocker):
        before = shown(office)
        office.staff.post(reverse("activities:activity-create"), registration(office))
        activity = Activity.objects.get(title="娄星区小组走访")
        office.staff.post(
            reverse("activities:problems-add", args=[activity.pk]),
            {
                "problems-TOTAL_FORMS": 1,
                "problems-INITIAL_FORMS": 0,
                "problems-0-title": "村道破损",
            },
        )
        problem = activity.problems.get()
        office.staff.post(
            reverse("activities:problem-detail", args=[problem.pk]),
            {
                "version": problem.version,
                "to_status": "resolved",
                "changed_on": "2024-04-25",
                "outcome": "村道已修复",
            },
        )
        yield before, activity, refreshed(problem)


def test_the_figures_before_the_entry(office, staff_entry):
    """Pinned by hand: activities A-1 and B-1 (10 April), A1 and B1 present; the leader's
    group A has A1, A2 and the leader, of whom A1 took part (present at 1 of 1 of the
    group's activities; A2 at 0 of 1; the leader listed at none)."""
    before, _activity, _problem = staff_entry
    report = before["report"]

    assert report["activities"]["total"] == 2
    assert report["leaders"] == {"enrolled": 1, "participated": 0}
    assert report["group_members"] == {"total": 3, "participated": 1, "rate": 33.3}
    assert report["problems"]["total"] == report["problems"]["resolved"] == 0
    assert before["campaign"][1] == [0]
    overview = before["overview"]
    assert (overview["activities"], overview["attendance"], overview["resolved"]) == (2, 2, 0)
    assert (before["area"][0]["activities"], before["area"][0]["attendance"]) == (1, 1)
    assert before["area"][1] == [("娄星区代表小组", 1, 3, 33.3), ("娄底市第二代表小组", 0, 0, 0.0)]
    assert before["group"] == ([("A1", 100.0), ("A2", 0.0), ("L1", 0.0)], 1)
    assert set(before["says pending"].values()) == {(False, False)}


def test_a_staff_entry_awaits_review_and_moves_no_figure(office, staff_entry):
    before, activity, problem = staff_entry

    assert entry_of(activity) == entry_of(problem) == submitted_by(office.staff)
    assert refreshed(problem).status == "resolved"
    assert shown(office) == before


def expected_after(before, pending):
    """The figures once the entry counts: one more activity (3), led by the leader (who
    took part now), A2 present as A1 (group A's members all took part: 3 of 3; A2 at 1
    of 2 of its activities), one problem raised and resolved."""
    report = before["report"]
    by_mode = report["activities"]["by_mode"] | {
        "own_group": report["activities"]["by_mode"]["own_group"] + 1
    }
    after = moved(
        before,
        report__activities__total=3,
        report__activities__by_mode=by_mode,
        report__leaders__participated=1,
        report__group_members={"total": 3, "participated": 3, "rate": 100.0},
        report__problems={**report["problems"], "total": 1, "resolved": 1},
        overview__activities=3,
        overview__attendance=4,  # A1, B1, and now A2 and the leader
        overview__raised=1,
        overview__resolved=1,
    )
    after["campaign"] = (after["report"], [1])  # the dashboard's figures are the report's
    after["area"] = (
        before["area"][0] | {"activities": 2, "attendance": 3, "raised": 1, "resolved": 1},
        [("娄星区代表小组", 3, 3, 100.0), ("娄底市第二代表小组", 0, 0, 0.0)],
    )
    # The group's page counts leading as taking part, as a deputy's archive does: L1 led
    # one of group A's two activities.
    after["group"] = ([("A1", 100.0), ("A2", 50.0), ("L1", 50.0)], 2)
    after["says pending"] = dict.fromkeys(before["says pending"], (pending, pending))
    return after


def test_with_the_switch_the_dashboards_count_the_entry_and_say_so(office, staff_entry):
    before, _activity, _problem = staff_entry

    with_pending = shown(office, pending=True)

    expected = expected_after(before, pending=True)
    expected["report"] = before["report"]  # the report is the office's: approved only
    assert with_pending == expected


def test_once_approved_the_figures_move_by_exactly_the_entry(office, staff_entry):
    before, activity, problem = staff_entry
    queue = office.reviewer.get(reverse("review:queue"))
    picks = [row.pick for row in queue.context["page"]]

    approved = office.reviewer.post(
        reverse("review:queue"), {"decision": "approve", "pick": picks}, follow=True
    )

    assert [str(m) for m in approved.context["messages"]] == ["已通过 2 条记录。"]
    assert refreshed(activity).review == refreshed(problem).review == Review.APPROVED
    assert shown(office) == expected_after(before, pending=False)
