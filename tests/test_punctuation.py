"""The punctuation around data follows the user's language: the English UI joins lists
with ", ", follows a label with ": " and puts a note in " ()", where the Chinese UI
reads 、 ： （）, exactly as before. The data keeps its own punctuation either way.

The demo office is loaded once for the module (`demo_office` in tests/conftest.py); the
spots are read on its pages, the same spot in both languages.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from activities.demo import SLUG
from activities.models import Activity, Department, Output, Problem, StatusChange, Topic
from ledgers.cells import CellError, parse_choice
from ledgers.models import ImportRecord
from lianluo.punctuation import join_list, labelled, noted
from representatives.models import Area, Group, Representative

from .ledgers.files import CONTACTS, as_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]

ENGLISH, CHINESE = "en", "zh-hans"


@pytest.fixture(scope="module")
def scene(demo_office, django_db_blocker):
    """A demo activity with two of each list it shows, a problem changed and submitted
    again since it was approved, and a contacts file previewed with two unknown columns."""
    with django_db_blocker.unblock():
        activity = Activity.objects.filter(outputs__isnull=False).order_by("pk").first()
        activity.groups.add(Group.objects.exclude(activities=activity).order_by("pk").first())
        activity.leaders.add(
            Representative.objects.filter(is_provincial_leader=True)
            .exclude(pk__in=activity.leaders.all())
            .order_by("pk")
            .first()
        )
        activity.topics.add(Topic.objects.exclude(activities=activity).order_by("pk").first())
        activity.departments.add(
            Department.objects.exclude(activities=activity).order_by("pk").first()
        )
        change = StatusChange.objects.exclude(note="").exclude(author=None).order_by("pk").first()
        staff, reviewer = (get_user_model().objects.get(username=n) for n in ("staff", "reviewer"))
        problem = Problem.objects.visible_to(reviewer).order_by("pk").first()
        problem.title, old_title = "改过的问题", problem.title
        problem.submit(staff)
        problem.save()
        rows = [[*CONTACTS[0], "备注", "填表人"], *[[*row, "", ""] for row in CONTACTS[1:]]]
        name, data = as_file(rows)
        as_user("admin", CHINESE).post(
            reverse("ledgers:import-upload"),
            {"kind": "contacts", "file": SimpleUploadedFile(name, data)},
        )
        yield {
            "activity": activity,
            "change": change,
            "problem": problem,
            "old_title": old_title,
            "upload": ImportRecord.objects.latest("pk"),
        }


def as_user(username, language):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies["django_language"] = language
    return client


def page(url, language, username="leader"):
    response = as_user(username, language).get(url)
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    """The page's text, tags dropped: a spot reads the same however it is marked up."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def both(url, username="leader"):
    return {language: text(page(url, language, username)) for language in (ENGLISH, CHINESE)}


def names(records):
    return [str(record) for record in records]


def test_the_helpers_read_as_each_language():
    with translation.override(ENGLISH):
        english = join_list(["甲", "乙"]), labelled("备注", "无"), noted("张三", "A1")
    with translation.override(CHINESE):
        chinese = join_list(["甲", "乙"]), labelled("备注", "无"), noted("张三", "A1")

    assert english == ("甲, 乙", "备注: 无", "张三 (A1)")
    assert chinese == ("甲、乙", "备注：无", "张三（A1）")


def test_the_template_library_escapes_what_it_joins_and_wraps():
    template = Template(
        "{% load punctuation %}{{ items|join_list }}|{% noted %}{{ a }}{% note %}{{ b }}"
        "{% endnoted %}|x{% label_separator %}y{% list_separator %}z"
    )
    context = {"items": ["<b>", "&"], "a": "<i>", "b": "1%"}
    with translation.override(ENGLISH):
        english = template.render(Context(context))
    with translation.override(CHINESE):
        chinese = template.render(Context(context))

    assert english == "&lt;b&gt;, &amp;|&lt;i&gt; (1%)|x: y, z"
    assert chinese == "&lt;b&gt;、&amp;|&lt;i&gt;（1%）|x：y、z"


def test_the_activity_list_and_page_join_their_lists_in_the_users_language(scene):
    activity = scene["activity"]
    groups = names(activity.groups.all())
    leaders = [rep.name for rep in activity.leaders.all()]
    topics, departments = names(activity.topics.all()), names(activity.departments.all())
    assert min(len(groups), len(leaders), len(topics), len(departments)) == 2
    listed = both(reverse("activities:activity-list") + f"?q={activity.title}")
    shown = both(activity.get_absolute_url())
    output = activity.outputs.first()

    for language, separator in [(ENGLISH, ", "), (CHINESE, "、")]:
        assert separator.join(groups) in listed[language]
        for items in (groups, leaders, topics, departments):
            assert separator.join(items) in shown[language]
    with translation.override(ENGLISH):
        assert f"{output.get_kind_display()}: {output.title}" in shown[ENGLISH]
    assert f"{output.get_kind_display()}：{output.title}" in shown[CHINESE]


def test_the_problem_timeline_follows_who_with_a_label_separator(scene):
    change = scene["change"]
    shown = both(reverse("activities:problem-detail", args=[change.problem_id]))

    assert f"· {change.author}: {change.note}" in shown[ENGLISH]
    assert f"· {change.author}：{change.note}" in shown[CHINESE]


def test_the_outputs_list_names_each_person_with_the_card_number_in_parentheses():
    output = Output.objects.filter(representatives__isnull=False).order_by("pk").first()
    people = list(output.representatives.all())
    assert len(people) >= 2
    shown = both(reverse("activities:outputs-list"))

    english = ", ".join(f"{rep.name} ({rep.code})" for rep in people)
    chinese = "、".join(f"{rep.name}（{rep.code}）" for rep in people)
    assert english in shown[ENGLISH]
    assert chinese in shown[CHINESE]


def test_the_representatives_page_labels_each_output_with_its_kind():
    output = Output.objects.filter(representatives__isnull=False).order_by("pk").first()
    rep = output.representatives.order_by("pk").first()
    shown = both(reverse("archives:representative", args=[rep.pk]))

    with translation.override(ENGLISH):
        assert f"{output.get_kind_display()}: {output.title}" in shown[ENGLISH]
    assert f"{output.get_kind_display()}：{output.title}" in shown[CHINESE]


def test_participation_puts_its_rate_in_parentheses_on_the_dashboards():
    overview = both(reverse("activities:overview"))
    # The seed bulletin's group members taking part (the demo reproduces its figures).
    assert "284/306 (92.8%)" in overview[ENGLISH]
    assert "284/306（92.8%）" in overview[CHINESE]
    area = Area.objects.filter(kind=Area.Kind.CITY, name="娄底市").get()
    for url in [
        reverse("activities:campaign-detail", args=[SLUG]),
        reverse("activities:area-detail", args=[area.pk]),
    ]:
        shown = both(url)
        assert re.search(r"\d+/\d+ \(\d+(\.\d+)?%\)", shown[ENGLISH]), url
        assert re.search(r"\d+/\d+（\d+(\.\d+)?%）", shown[CHINESE]), url
        assert not re.search(r"\d+/\d+（", shown[ENGLISH]), url


def test_the_review_queue_and_the_history_label_each_change(scene):
    problem, old = scene["problem"], scene["old_title"]
    queue = both(reverse("review:queue"), username="reviewer")
    history = both(reverse("history:problem-history", args=[problem.pk]), username="admin")

    for shown in (queue, history):
        assert f": {old} → 改过的问题" in shown[ENGLISH]
        assert f"：{old} → 改过的问题" in shown[CHINESE]
        assert f"：{old} → 改过的问题" not in shown[ENGLISH]


def test_the_import_report_lists_the_columns_it_did_not_read(scene):
    shown = both(scene["upload"].get_absolute_url(), username="admin")

    assert "备注, 填表人" in shown[ENGLISH]
    assert "备注、填表人" in shown[CHINESE]


def test_an_import_error_lists_the_choices_in_the_users_language():
    with translation.override(ENGLISH), pytest.raises(CellError) as english:
        parse_choice("未知", Representative.Gender)
    with translation.override(CHINESE), pytest.raises(CellError) as chinese:
        parse_choice("未知", Representative.Gender)

    assert "男, 女" in str(english.value)
    assert "男、女" in str(chinese.value)
