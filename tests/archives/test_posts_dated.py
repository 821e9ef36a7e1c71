"""The roster keeps posts dated: a roster import or the admin that sets a deputy's post
职务 closes the post held until then the day before and opens the new one that day; the
same post again changes nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from representatives.models import PostHeld, Representative, post_on

from ..ledgers.conftest import outcome, run_import
from ..ledgers.files import ROSTER, changed

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def posts(code):
    rep = Representative.objects.get(code=code)
    return [(post.title, post.started_on, post.ended_on) for post in rep.posts.order_by("pk")]


def test_a_first_roster_gives_each_deputy_their_post_since_before_the_records(world):
    report = run_import("roster", ROSTER)

    assert report.created["任职经历"] == 3
    assert posts("HN1") == [("村支书", None, None)]
    assert posts("HN3") == [("副省长", None, None)]


def test_a_new_post_closes_the_open_one_the_day_before(world):
    run_import("roster", ROSTER)
    today = timezone.localdate()

    report = run_import("roster", changed(ROSTER, 4, "职务", "省长"))

    assert outcome(report)[:2] == (
        {"任职经历": 1}, {"代表": 1, "任职经历": 1},
    )  # fmt: skip
    assert posts("HN3") == [("副省长", None, today - DAY), ("省长", today, None)]
    held = list(Representative.objects.get(code="HN3").posts.all())
    assert post_on(held, today - DAY) == "副省长"
    assert post_on(held, today) == "省长"
    assert post_on(held, datetime.date(2019, 1, 1)) == "副省长"  # since before the records


def test_the_same_roster_again_changes_nothing(world):
    run_import("roster", changed(ROSTER, 4, "职务", "省长"))
    run_import("roster", ROSTER)
    before = list(PostHeld.objects.values_list())

    report = run_import("roster", ROSTER)

    assert report.unchanged["任职经历"] == 3 and "任职经历" not in report.created
    assert list(PostHeld.objects.values_list()) == before


def test_a_deputy_whose_dated_posts_say_so_already_keeps_them(world):
    """Posts imported from the posts' ledger, the latest open: a roster with it changes
    nothing; a roster without a post (empty 职务) says nothing of posts."""
    run_import("roster", ROSTER)
    rep = Representative.objects.get(code="HN1")
    rep.posts.all().delete()
    new_year = datetime.date(2023, 1, 1)
    PostHeld.objects.create(representative=rep, title="村主任", ended_on=new_year - DAY)
    PostHeld.objects.create(representative=rep, title="村支书", started_on=new_year)

    run_import("roster", ROSTER)
    run_import("roster", changed(changed(ROSTER, 1, "职务", ""), 2, "职务", ""))

    assert posts("HN1") == [
        ("村主任", None, datetime.date(2022, 12, 31)),
        ("村支书", datetime.date(2023, 1, 1), None),
    ]


def test_the_history_records_the_posts_the_import_dates(world):
    run_import("roster", ROSTER)
    run_import("roster", changed(ROSTER, 4, "职务", "省长"))

    entries = LogEntry.objects.filter(content_type__model="postheld")
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 4
    (closed,) = entries.filter(action=LogEntry.Action.UPDATE)
    assert list(closed.changes) == ["ended_on"]


def test_the_admin_setting_a_post_dates_it(world, admin_client):
    rep = world.reps_a[0]
    PostHeld.objects.create(representative=rep, title="村支书")
    url = reverse("admin:representatives_representative_change", args=[rep.pk])
    page = admin_client.get(url)
    data = form_data(page)

    response = admin_client.post(url, {**data, "post": "乡长"})

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    today = timezone.localdate()
    assert posts(rep.code) == [("村支书", None, today - DAY), ("乡长", today, None)]
    admin_client.post(url, {**form_data(admin_client.get(url)), "post": "乡长"})
    assert PostHeld.objects.filter(representative=rep).count() == 2


def form_data(response):
    """What the admin's change form posts back as it stands."""
    data = {}
    for form in [response.context["adminform"].form] + [
        f for formset in response.context["inline_admin_formsets"] for f in formset.formset.forms
    ]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [getattr(v, "pk", v) for v in value]
            elif hasattr(value, "pk"):
                data[key] = value.pk
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, "")
    return data
