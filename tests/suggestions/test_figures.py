"""The suggestion figures of DESIGN.md, pinned on hand-built suggestions, in one query.

Period 2024-11-01 – 2025-03-31; 省水利厅 (water) and 省交通运输厅 (transport) lead:

    s1 water      交办 2024-11-30, 3 months → 2025-02-28 (clamped); reply A on 02-28 (on
                  time); 满意
    s2 water      complex, 交办 2024-11-30 → 2025-05-30; reply B on 05-30 (on time);
                  不满意; reply A on 07-01; 基本满意 — rehandled, latest class A
    s3 water      交办 2025-01-31 → 2025-04-30; reply C on 05-01 (late); not rated
    s4 transport  交办 2025-03-31 → 2025-06-30; reply D on 06-30 (on time); 不满意, no
                  new reply yet (not rehandled)
    s5 transport  交办 2025-02-10; no reply
    s8 transport  交办 2025-01-15 → 04-15, deadline changed to 06-15; reply A on 05-20
                  (on time by the changed deadline); 满意
    s6 transport  complex, 交办 2024-08-31 (before the period) → 2025-02-28: not counted
    s7 water      交办 2025-03-01 but awaiting review: counted only with pending counted
"""

import datetime
import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from activities.models import Department
from activities.review import counting_pending
from suggestions.figures import suggestion_figures
from suggestions.models import Rating

from ..conftest import build_world, kept_for_the_module
from .conftest import put

D = datetime.date
pytestmark = pytest.mark.django_db

START, END = D(2024, 11, 1), D(2025, 3, 31)


@pytest.fixture(scope="module", autouse=True)
def handled(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        water = Department.objects.create(name="省水利厅")
        transport = Department.objects.create(name="省交通运输厅")
        lead = world.reps_a[0]
        submitted = D(2024, 8, 1)

        def suggestion(number, unit, assigned_on, complex=False):
            s = put(lead, number=number, complex=complex, submitted_on=submitted)
            s.assign(unit, on=assigned_on)
            return s

        s1 = suggestion(1, water, D(2024, 11, 30))
        assert s1.deadline == D(2025, 2, 28)
        s1.reply("A", "已解决", on=D(2025, 2, 28))
        s1.rate(Rating.SATISFIED, on=D(2025, 3, 5))

        s2 = suggestion(2, water, D(2024, 11, 30), complex=True)
        assert s2.deadline == D(2025, 5, 30)
        s2.reply("B", "列入计划", on=D(2025, 5, 30))
        s2.rate(Rating.DISSATISFIED, "进度慢", on=D(2025, 6, 5))
        s2.reply("A", "已解决", on=D(2025, 7, 1))
        s2.rate(Rating.BASICALLY_SATISFIED, on=D(2025, 7, 10))

        s3 = suggestion(3, water, D(2025, 1, 31))
        assert s3.deadline == D(2025, 4, 30)
        s3.reply("C", "以后解决", on=D(2025, 5, 1))

        s4 = suggestion(4, transport, D(2025, 3, 31))
        s4.reply("D", "留作参考", on=D(2025, 6, 30))
        s4.rate(Rating.DISSATISFIED, "未答到点子上", on=D(2025, 7, 2))

        suggestion(5, transport, D(2025, 2, 10))

        s6 = suggestion(6, transport, D(2024, 8, 31), complex=True)
        assert s6.deadline == D(2025, 2, 28)
        s6.reply("A", "已解决", on=D(2025, 1, 10))

        s7 = suggestion(7, water, D(2025, 3, 1))
        s7.review = "submitted"
        s7.save()
        s7.reply("A", "已解决", on=D(2025, 3, 20))

        s8 = suggestion(8, transport, D(2025, 1, 15))
        s8.change_deadline(D(2025, 6, 15), "需协调资金", on=D(2025, 4, 1))
        s8.reply("A", "已解决", on=D(2025, 5, 20))
        s8.rate(Rating.SATISFIED, on=D(2025, 6, 1))
        yield {"water": water, "transport": transport}


WATER = {
    "received": 3,
    "answered": 3,
    "answer_rate": 100.0,
    "on_time": 2,
    "on_time_rate": 66.7,
    "by_class": {"A": 2, "B": 0, "C": 1, "D": 0},
    "ratings": {
        "satisfied": 1,
        "basically_satisfied": 1,
        "dissatisfied": 0,
        "satisfaction_rate": 100.0,
    },
    "rehandled": 1,
}
TRANSPORT = {
    "received": 3,
    "answered": 2,
    "answer_rate": 66.7,
    "on_time": 2,
    "on_time_rate": 66.7,
    "by_class": {"A": 1, "B": 0, "C": 0, "D": 1},
    "ratings": {
        "satisfied": 1,
        "basically_satisfied": 0,
        "dissatisfied": 1,
        "satisfaction_rate": 50.0,
    },
    "rehandled": 0,
}
TOTAL = {
    "received": 6,
    "answered": 5,
    "answer_rate": 83.3,
    "on_time": 4,
    "on_time_rate": 66.7,
    "by_class": {"A": 3, "B": 0, "C": 1, "D": 1},
    "ratings": {
        "satisfied": 2,
        "basically_satisfied": 1,
        "dissatisfied": 1,
        "satisfaction_rate": 75.0,
    },
    "rehandled": 1,
}
CONTRACT = {
    "period": {"start": "2024-11-01", "end": "2025-03-31"},
    **TOTAL,
    "by_department": {"省交通运输厅": TRANSPORT, "省水利厅": WATER},
}


def test_every_figure_of_the_period_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = suggestion_figures(START, END)
    assert figures == CONTRACT
    assert list(figures["by_department"]) == ["省交通运输厅", "省水利厅"]  # by name


def test_one_lead_unit(handled, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = suggestion_figures(START, END, handled["water"])
    assert figures == {"period": CONTRACT["period"], **WATER, "by_department": {"省水利厅": WATER}}


def test_the_period_is_of_the_assignment_both_ends_included():
    assert suggestion_figures(D(2024, 11, 30), D(2024, 11, 30))["received"] == 2
    assert suggestion_figures(D(2024, 8, 31), D(2024, 8, 31))["on_time"] == 1  # s6
    assert suggestion_figures(D(2025, 4, 1), D(2025, 12, 31)) == {
        "period": {"start": "2025-04-01", "end": "2025-12-31"},
        "received": 0, "answered": 0, "answer_rate": 0.0, "on_time": 0, "on_time_rate": 0.0,
        "by_class": {"A": 0, "B": 0, "C": 0, "D": 0},
        "ratings": {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0,
                    "satisfaction_rate": 0.0},
        "rehandled": 0,
        "by_department": {},
    }  # fmt: skip


def test_a_suggestion_awaiting_review_counts_only_when_pending_is_counted():
    with counting_pending():
        water = suggestion_figures(START, END)["by_department"]["省水利厅"]
    assert (water["received"], water["on_time"], water["by_class"]["A"]) == (4, 3, 3)


def report(*args):
    out = io.StringIO()
    call_command("suggestion_report", "--start", "2024-11-01", "--end", "2025-03-31", *args,
                 stdout=out)  # fmt: skip
    return out.getvalue()


def test_the_report_prints_the_contract():
    assert json.loads(report("--format", "json")) == CONTRACT
    assert json.loads(report("--department", "省水利厅"))["by_department"] == {"省水利厅": WATER}
    with pytest.raises(CommandError):
        report("--department", "省不存在厅")


def test_the_report_as_a_table(tmp_path):
    with translation.override("zh-hans"):  # the office's language, whatever a test left
        lines = report("--format", "csv").lstrip("\ufeff").splitlines()
    assert lines[0] == "单位,指标,说明,数值" and lines[1] == ",received,交办建议数,6"
    assert "省水利厅,rehandled," in "\n".join(lines)
    target = tmp_path / "report.xlsx"
    report("--format", "xlsx", "--output", str(target))
    rows = list(load_workbook(target).active.values)
    assert rows[1][1:] == ("received", rows[1][2], 6)
    assert ("省交通运输厅", "ratings.satisfaction_rate", rows[-2][2], 50.0) in rows
    export = LogEntry.objects.get(additional_data__kind="suggestion-report")
    assert export.additional_data["rows"] == len(rows) - 1
