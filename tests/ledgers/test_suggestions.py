"""The `suggestions` ledger: a row builds a suggestion with the handling it states, an
export re-imports unchanged whatever the timeline behind it, a bad row saves nothing, and
an existing suggestion's handling is changed in the app only."""

import datetime

import pytest
from django.utils import translation

from activities.figures import campaign_figures
from activities.models import Activity, Campaign, Department, Output
from ledgers.exports import ledger
from representatives.models import Representative
from suggestions.models import Rating, Status, Suggestion

from .conftest import database_state, errors, outcome, run_import
from .files import LEDGERS, changed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_chinese():
    """The reports are read in the office's language, whatever a test before left active."""
    with translation.override("zh-hans"):
        yield


D = datetime.date
ROWS = LEDGERS["suggestions"]


def test_a_row_builds_the_suggestion_its_timeline_and_its_output(imported):
    imported("suggestions")
    outputs_before = campaign_figures(Campaign.objects.get(slug="spring"))["outputs"]

    report = run_import("suggestions", ROWS)

    assert outcome(report) == ({"代表建议": 2}, {}, {})
    assert ["省财政厅"] in report.new_names.values()  # the co-unit, new
    first = Suggestion.objects.get(year=2024, number=1)
    assert (first.status, first.lead_unit.name, first.deadline) == (
        Status.CLOSED, "省交通运输厅", D(2024, 9, 20),
    )  # fmt: skip
    assert [unit.name for unit in first.co_units.all()] == ["省财政厅"]
    assert [(s.kind, s.on) for s in first.timeline()] == [
        ("assigned", D(2024, 6, 20)), ("reply", D(2024, 9, 10)), ("rating", D(2024, 9, 10)),
    ]  # fmt: skip
    assert [unit.name for unit in first.steps.get(kind="assigned").co_units.all()] == ["省财政厅"]
    assert first.lead_deputy.code == "HN1"
    assert (first.output.ref, first.output.activity.ref) == ("JY-2024-0001", "HD1")
    assert set(first.output.representatives.values_list("code", flat=True)) == {"HN1", "HN3"}
    second = Suggestion.objects.get(year=2024, number=2)
    assert (second.status, second.complex, second.output) == (Status.RECEIVED, True, None)
    outputs = campaign_figures(Campaign.objects.get(slug="spring"))["outputs"]
    assert outputs["suggestion"] == outputs_before["suggestion"] + 1


@pytest.fixture
def handled(imported, django_user_model):
    """Suggestions in every state of the cycle, taken there by the domain's steps."""
    imported("suggestions")
    water = Department.objects.get_or_create(name="省水利厅")[0]
    roads = Department.objects.get_or_create(name="省交通运输厅")[0]
    hn1, hn2, hn3 = Representative.objects.order_by("code")
    activity = Activity.objects.get(ref="HD1")

    def put(number, lead, seconders=(), **fields):
        s = Suggestion(number=number, year=2024, title=f"建议{number}",
                       submitted_on=D(2024, 4, 20), **fields)  # fmt: skip
        s.save_with_deputies(lead, seconders)
        return s

    put(1, hn1, [hn2, hn3], activity=activity, campaign=activity.campaign)
    s2 = put(2, hn2, complex=True)
    s2.assign(water, [roads], on=D(2024, 5, 6))
    s2.return_(water, "非本单位职责", on=D(2024, 5, 8))
    s2.reassign(roads, [water], on=D(2024, 5, 10))
    s2.reply("B", "列入计划", on=D(2024, 8, 1))
    s2.rate(Rating.DISSATISFIED, "太慢", on=D(2024, 8, 5))
    s2.reply("A", "已解决", on=D(2024, 9, 1))
    s2.rate(Rating.SATISFIED, on=D(2024, 9, 5))
    s3 = put(3, hn3)
    s3.assign(water, on=D(2024, 11, 30))
    s3.change_deadline(D(2025, 4, 30), "汛期", on=D(2024, 12, 2))
    s3.reply("C", "以后解决", on=D(2025, 1, 5))
    s3.rate(Rating.DISSATISFIED, "不满意", on=D(2025, 1, 9))
    s4 = put(4, hn1)
    s4.assign(roads, on=D(2024, 6, 3))
    s4.return_(roads, "错派", on=D(2024, 6, 4))
    s5 = put(5, hn2)
    s5.close("代表撤回", on=D(2024, 5, 1))
    return Suggestion.objects.all()


def test_every_state_of_the_cycle_exports_and_reimports_unchanged(handled, tmp_path):
    headers, rows = ledger("suggestions", handled)
    rows = [headers, *rows]
    assert rows[2] == [
        "第0002号", 2024, "建议2", "HN2", "", "2024-04-20", "", "省交通运输厅", "省水利厅",
        "2024-05-10", "是", "2024-09-01", "A", "满意", "", "",
    ]  # fmt: skip
    before = database_state()

    report = run_import("suggestions", rows)

    assert outcome(report) == ({}, {}, {"代表建议": 5}), errors(report)
    assert database_state() == before


def test_a_changed_title_and_deputies_follow_into_the_output(handled):
    headers, rows = ledger("suggestions", handled)
    rows = changed([headers, *rows], 1, "标题", "关于村道的建议")
    rows = changed(rows, 1, "附议代表", "HN3")

    report = run_import("suggestions", rows)

    assert outcome(report)[1] == {"代表建议": 1}, errors(report)
    first = Suggestion.objects.get(number=1)
    assert [d.representative.code for d in first.deputy_rows.all()] == ["HN1", "HN3"]
    assert first.output.title == "关于村道的建议"
    assert set(first.output.representatives.values_list("code", flat=True)) == {"HN1", "HN3"}


@pytest.mark.parametrize(
    "column, value",
    [
        ("答复类别", "B"),  # the latest reply was A
        ("主办单位", "省农业农村厅"),
        ("协办单位", ""),
        ("交办日期", "2024-05-11"),
        ("评价", "基本满意"),
        ("活动编号", "HD1"),
    ],
)
def test_the_handling_of_an_existing_suggestion_is_not_changed_by_a_file(handled, column, value):
    headers, rows = ledger("suggestions", handled)
    before = database_state()

    report = run_import("suggestions", changed([headers, *rows], 2, column, value))

    assert not report.ok and database_state() == before
    named = {"活动编号": "主题活动"}.get(column, column)  # the campaign and activity together
    assert {error.column for error in report.errors} == {named}


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("交办日期", "", "交办"),  # a lead unit without a 交办 date
        ("答复类别", "", "答复"),  # a reply without its class
        ("答复日期", "2024-06-01", "交办后"),  # before the 交办
        ("交办日期", "2024-06-01", "提出之前"),  # before it was put
        ("协办单位", "省交通运输厅", "主办单位不能同时"),
        ("附议代表", "HN1", "领衔代表不能同时"),
        ("领衔代表", "HN9", "HN9"),
        ("编号", "第零号", "不是"),
        ("答复日期", "2099-01-01", "晚于今天"),
    ],
)
def test_a_bad_row_saves_nothing(imported, column, value, message):
    imported("suggestions")
    before = database_state()

    report = run_import("suggestions", changed(ROWS, 1, column, value))

    assert not report.ok and database_state() == before
    assert any(message in error.message for error in report.errors), errors(report)


def test_a_rating_without_a_reply_and_a_key_given_twice(imported):
    imported("suggestions")
    rows = changed(changed(ROWS, 1, "答复日期", ""), 1, "答复类别", "")
    rows = [*rows, ROWS[1]]
    report = run_import("suggestions", rows)
    columns = {(error.row, error.column) for error in report.errors}
    assert {(2, "评价"), (4, "编号")} <= columns
    assert not Suggestion.objects.exists() and not Output.objects.filter(ref__startswith="JY")


def test_staff_of_one_area_import_only_their_deputies_suggestions(imported, staff_a_client):
    imported("suggestions")
    rows = changed(ROWS[:2], 1, "领衔代表", "HN2")  # of 湘西州
    report = run_import("suggestions", rows, user=staff_a_client.user)
    assert [(e.row, e.column) for e in report.errors] == [(2, "领衔代表")]
    report = run_import("suggestions", ROWS[:2], user=staff_a_client.user)
    assert report.ok, errors(report)
    suggestion = Suggestion.objects.get()
    assert (suggestion.review, suggestion.output.review) == ("submitted", "submitted")
