"""The duties' and the posts' ledgers: all or nothing with every bad row named, a second
import changes nothing, an export re-imports unchanged, and a user scoped to areas
touches only the duties of their deputies."""

import datetime

import pytest

from accounts.models import Role
from activities.review import Review
from archives.models import Duty
from ledgers.exports import ledger
from representatives.models import PostHeld

from ..conftest import login
from ..ledgers.conftest import errors, outcome, run_import

pytestmark = pytest.mark.django_db

HEADER = ["编号", "类别", "日期", "名称", "代表", "来源", "说明"]
DUTIES = [
    HEADER,
    ["LZ1", "出席人代会会议", "2024-01-22", "出席省人代会", "A1、B1", "办公厅通知", ""],
    ["LZ2", "inspection", "2024/5/16", "赴娄星区视察", "A1;A2", "代工委通知", "同期走访"],
    ["LZ3", "向选民述职", "2024年12月5日", "向娄底市人大常委会报告履职情况", "A2", "", ""],
]  # fmt: skip
POSTS = [
    ["代表证号", "职务", "任职日期", "离任日期"],
    ["A1", "县长", "", "2024-03-31"],
    ["A1", "副市长", "2024-04-01", ""],
    ["B1", "村党支部书记", "", ""],
]


@pytest.fixture
def staff_a(world, django_user_model):
    return login(django_user_model, "staff-a", Role.STAFF, [world.area_a]).user


def test_duties_import_with_their_deputies_and_a_second_time_change_nothing(world):
    report = run_import("duties", DUTIES, "xlsx")

    assert outcome(report) == ({"履职记录": 3}, {}, {})
    first = Duty.objects.get(ref="LZ1")
    assert (first.kind, first.date, first.review) == (
        Duty.Kind.SESSION, datetime.date(2024, 1, 22), Review.APPROVED,
    )  # fmt: skip
    assert sorted(first.representatives.values_list("code", flat=True)) == ["A1", "B1"]
    assert Duty.objects.get(ref="LZ2").kind == Duty.Kind.INSPECTION  # by its English key
    assert outcome(run_import("duties", DUTIES)) == ({}, {}, {"履职记录": 3})


def test_a_changed_deputy_updates_the_duty(world):
    run_import("duties", DUTIES)
    rows = [list(row) for row in DUTIES]
    rows[3][4] = "A1、A2"

    report = run_import("duties", rows)

    assert outcome(report) == ({}, {"履职记录": 1}, {"履职记录": 2})
    assert Duty.objects.get(ref="LZ3").representatives.count() == 2


def test_every_bad_row_is_named_and_nothing_is_saved(world):
    rows = [
        HEADER,
        ["LZ1", "开会", "2024-01-22", "会议", "A1", "", ""],
        ["LZ2", "视察", "2024-13-01", "视察", "A1", "", ""],
        ["LZ3", "调研", "2024-05-01", "调研", "X9", "", ""],
        ["LZ3", "调研", "2024-05-01", "", "", "", ""],
        ["LZ5", "学习培训", "2024-05-01", "培训", "A1", "", ""],
    ]

    report = run_import("duties", rows)

    assert sorted((row, column) for row, column, _message in errors(report)) == [
        (2, "类别"), (3, "日期"), (4, "代表"), (5, "代表"), (5, "名称"), (5, "编号"),
    ]  # fmt: skip
    assert (4, "代表", "没有代表证号为“X9”的代表。") in errors(report)
    assert not Duty.objects.exists()


def test_an_export_reimports_unchanged(world, tmp_path):
    run_import("duties", DUTIES)
    headers, rows = ledger("duties", Duty.objects.all())
    exported = [headers, *rows]

    assert exported[1][:5] == ["LZ1", "出席人代会会议", "2024-01-22", "出席省人代会", "A1、B1"]
    Duty.objects.update(version=7)  # what a form's save would leave
    assert outcome(run_import("duties", exported)) == ({}, {}, {"履职记录": 3})


def test_staff_of_an_area_import_the_duties_of_their_deputies_for_review(world, staff_a):
    mine = [HEADER, DUTIES[2], DUTIES[3]]

    report = run_import("duties", mine, user=staff_a)

    assert report.ok, errors(report)
    assert set(Duty.objects.values_list("review", flat=True)) == {Review.SUBMITTED}


def test_staff_of_an_area_neither_add_nor_touch_another_areas(world, staff_a):
    run_import("duties", [HEADER, ["LZ9", "视察", "2024-05-01", "湘西州视察", "B1", "", ""]])
    rows = [
        HEADER,
        ["LZ1", "出席人代会会议", "2024-01-22", "会议", "A1、B1", "", ""],
        ["LZ8", "视察", "2024-05-01", "视察", "B2", "", ""],
        ["LZ9", "视察", "2024-05-01", "改了标题", "A1", "", ""],
    ]

    report = run_import("duties", rows, user=staff_a)

    assert errors(report) == [
        (2, "代表", "王五（B1）是其他地区的代表。"),
        (3, "代表", "赵六（B2）是其他地区的代表。"),
        (3, "代表", "履职记录须有本地区的代表。"),
        (4, "编号", "“LZ9”不在您负责的地区内。"),
    ]
    assert Duty.objects.get().title == "湘西州视察"


def test_posts_import_dated_and_a_second_time_change_nothing(world):
    report = run_import("posts", POSTS)

    assert outcome(report) == ({"任职经历": 3}, {}, {})
    assert [(p.title, p.started_on, p.ended_on) for p in world.reps_a[0].posts.all()] == [
        ("县长", None, datetime.date(2024, 3, 31)),
        ("副市长", datetime.date(2024, 4, 1), None),
    ]
    assert outcome(run_import("posts", POSTS, "gb18030")) == ({}, {}, {"任职经历": 3})
    headers, rows = ledger("posts", PostHeld.objects.all())
    assert outcome(run_import("posts", [headers, *rows])) == ({}, {}, {"任职经历": 3})


def test_a_post_ending_before_it_starts_or_given_twice_is_refused(world):
    rows = [
        POSTS[0],
        ["A1", "副市长", "2024-04-01", "2024-03-01"],
        ["A1", "市长", "2024-04-01", ""],
        ["Z9", "县长", "", ""],
    ]

    report = run_import("posts", rows)

    assert [(row, column) for row, column, _m in errors(report)] == [
        (2, "离任日期"), (3, "任职日期"), (4, "代表证号"),
    ]  # fmt: skip
    assert not PostHeld.objects.exists()


def test_posts_are_imported_by_the_whole_provinces_users_only(world, staff_a):
    report = run_import("posts", POSTS, user=staff_a)

    assert errors(report) == [(None, "", "此类文件只能由负责全省的用户导入。")]


def test_the_exports_hold_what_the_user_sees(world, staff_a_client):
    run_import("duties", DUTIES)
    run_import("posts", POSTS)

    duties = staff_a_client.get("/exports/duties.csv").getvalue().decode("utf-8-sig")
    posts = staff_a_client.get("/exports/posts.csv").getvalue().decode("utf-8-sig")

    assert ["LZ1" in duties, "LZ2" in duties, "LZ3" in duties] == [True, True, True]
    assert "村党支部书记" not in posts and "副市长" in posts  # B1's post is area B's
