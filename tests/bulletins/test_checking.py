"""The bulletin's number check on strings: what it reads as a number, what it skips, and
how it matches a number to the figure beside it. Plain functions on the seed's figures
built by hand: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities.numbers import as_written
from bulletins.checking import check, chinese_value, core_figures, marked, numbers_in

# The seed's figures (DESIGN.md's report contract), with non-round contact tallies.
SEED = {
    "campaign": "seed",
    "title": "学党史作表率，为群众办实事",
    "period": {"start": "2021-05-01", "end": "2021-11-30"},
    "leaders": {"enrolled": 28, "participated": 28},
    "group_members": {"total": 306, "participated": 284, "rate": 92.8},
    "activities": {
        "total": 40,
        "by_mode": {
            "own_group": 20,
            "own_unit": 9,
            "joint_groups": 3,
            "contact_point": 4,
            "cross_group": 2,
            "other": 2,
        },
        "accompanied_leaders": 25,
    },
    "problems": {"total": 45, "open": 3, "in_progress": 10, "resolved": 32, "unresolvable": 0},
    "outputs": {"total": 11, "research_report": 6, "suggestion": 5, "motion": 0},
    "contacts": {"person_times": 1_342_000, "problems_solved": 59_400, "aid_yuan": 441_200_000},
}
FIGURES = core_figures(SEED)


def read(text):
    """(as written, value, qualifier, percent) of the numbers of `text` that are figures."""
    return [(n.text, n.value, n.qualifier, n.percent) for n in numbers_in(text) if not n.skipped]


def verdicts(text, figures=FIGURES):
    """(as written, checked, the figure's key) of each number of `text` that is a figure."""
    return [
        (r.number.text, r.checked, r.figure.key if r.figure else None) for r in check(text, figures)
    ]


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("306名代表有284名", [("306", 306, "", False), ("284", 284, "", False)]),
        ("走访1,340,000人次", [("1,340,000", 1_340_000, "", False)]),
        ("参加率为92.8%。", [("92.8%", Decimal("92.8"), "", True)]),
        ("满意率100.0％", [("100.0％", 100, "", True)]),
        ("３０６名", [("３０６", 306, "", False)]),  # full-width digits
        ("28，306名", [("28", 28, "", False), ("306", 306, "", False)]),  # a clause mark
        ("二十八位", [("二十八", 28, "", False)]),
        ("三百零六名代表", [("三百零六", 306, "", False)]),
        ("问题一百三十四个", [("一百三十四", 134, "", False)]),
        ("一百三十四万余人次", [("一百三十四万余", 1_340_000, "余", False)]),
        ("两千名", [("两千", 2000, "", False)]),
        ("十二个", [("十二", 12, "", False)]),
        ("134万余人次", [("134万余", 1_340_000, "余", False)]),
        ("近6万个", [("近6万", 60_000, "近", False)]),
        ("4.4亿余元", [("4.4亿余", 440_000_000, "余", False)]),
        ("2.65万多户", [("2.65万多", 26_500, "多", False)]),
        ("近200座", [("近200", 200, "近", False)]),
    ],
)
def test_numbers_are_read_in_every_form(text, numbers):
    assert read(text) == numbers


@pytest.mark.parametrize(
    "numeral, value",
    [
        *[("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一千零一十", 1010)],
        *[("三万五千", 35_000), ("四亿四千万", 440_000_000), ("十四五", None), ("一一", None)],
    ],
)
def test_chinese_numerals(numeral, value):
    assert chinese_value(numeral) == value


@pytest.mark.parametrize(
    "text, reason",
    [
        ("联络动态第24期", "ordinal"),
        ("（总第六百四十九期）", "ordinal"),
        ("批准文号第 28 号", "ordinal"),
        ("娄底市第十一代表小组", "ordinal"),
        ("2021年", "date"),
        ("5月", "date"),
        ("10月1日开工", "date"),
        ("十一月中旬", "date"),
        ("2021-12-25", "date"),
        ("2021/12/25", "date"),
        ("2021—2022", "date"),
        ("党的十九届中央委员会", "date"),
        ("党的十九大以来", "date"),
        ("建党100周年", "date"),
        ("1、坚持高标准", "list"),
        ("（2）突出实效", "list"),
        ("3. 强化联动", "list"),
        ("5G基站", "code"),
        ("hnrldldt@163.com", "code"),
        ("2×100万千瓦", "code"),
        ("0731-85309270", "code"),
        ("一批问题", "prose"),
        ("十分关注", "prose"),
        ("“十四五”规划", "prose"),
    ],
)
def test_what_is_not_a_figure_is_skipped_with_its_reason(text, reason):
    numbers = numbers_in(text)

    assert numbers, text
    assert {n.skipped for n in numbers} == {reason}


def test_dates_and_issue_numbers_leave_only_the_figures():
    text = "联络动态2021年第24期：今年5月至11月，28位省级领导干部代表参加了主题活动。"

    assert verdicts(text) == [("28", True, "leaders.participated")]


def test_the_drafts_sentences_are_all_checked_against_their_figures():
    text = (
        "28位省级领导干部代表参加了主题活动（应参加28位），共开展活动40次。"
        "据统计，28名省级领导干部代表所在代表小组中的306名代表有284名参加了主题活动，"
        "参加率为92.8%。主题活动中，省级领导干部代表共帮助解决群众和基层反映的突出问题32个，"
        "指导形成调研报告或代表建议11份。全省各级人大代表走访联系群众134万余人次，"
        "帮助群众解决问题近6万个，落实帮扶物资或资金4.4亿余元。"
        "委员会领导和相关处室全程参加了25位省级领导干部代表开展的主题活动。"
    )

    assert verdicts(text) == [
        ("28", True, "leaders.participated"),
        ("28", True, "leaders.enrolled"),
        ("40", True, "activities.total"),
        ("28", True, "leaders.enrolled"),
        ("306", True, "group_members.total"),
        ("284", True, "group_members.participated"),
        ("92.8%", True, "group_members.rate"),
        ("32", True, "problems.resolved"),
        ("11", True, "outputs.reports"),
        ("134万余", True, "contacts.person_times"),
        ("近6万", True, "contacts.problems_solved"),
        ("4.4亿余", True, "contacts.aid_yuan"),
        ("25", True, "activities.accompanied_leaders"),
    ]


def test_the_modes_are_named_by_their_phrases():
    text = (
        "各位省级领导干部代表参加所在代表小组活动20次，联合原选举单位其他小组代表一起开展活动3次。"
    )

    assert verdicts(text) == [
        ("20", True, "activities.by_mode.own_group"),
        ("3", True, "activities.by_mode.joint_groups"),
    ]


def test_a_changed_rate_is_flagged_beside_the_rate():
    (reading,) = check("参加率为92.6%。", FIGURES)

    assert (reading.checked, reading.figure.key) == (False, "group_members.rate")
    assert "92.8%" in str(reading.why)


def test_a_number_equal_to_another_figure_is_flagged_beside_its_own():
    # 28 is a figure (the leaders), but 突出问题 names the problems solved: 32.
    assert verdicts("共帮助解决群众和基层反映的突出问题28个。") == [
        ("28", False, "problems.resolved")
    ]


@pytest.mark.parametrize(
    "text, checked",
    [
        ("帮助群众解决问题近6万个", True),  # 59,400
        ("帮助群众解决问题6万个", True),  # rounded
        ("帮助群众解决问题5.9万余个", True),
        ("帮助群众解决问题近5万个", False),
        ("帮助群众解决问题6万余个", False),  # 余 says above 6万
        ("走访联系群众134万余人次", True),  # 1,342,000
        ("走访联系群众一百三十四万余人次", True),
        ("走访联系群众135万余人次", False),
        ("走访联系群众1,342,000人次", True),
        ("走访联系群众1,340,000人次", False),  # an exact figure is exact
        ("落实帮扶物资或资金4.4亿余元", True),  # 441,200,000
        ("落实帮扶物资或资金4.4亿元", True),
        ("落实帮扶物资或资金近4.4亿元", False),
        ("落实帮扶物资或资金4.5亿元", False),
    ],
)
def test_wan_and_yi_forms_are_matched_under_the_rule(text, checked):
    ((_text, verdict, key),) = verdicts(text)

    assert verdict is checked
    assert key.startswith("contacts.")


def test_chinese_numerals_are_checked_like_arabic_ones():
    text = "二十八名省级领导干部代表所在代表小组中的三百零六名代表有二百八十四名参加了主题活动"

    assert verdicts(text) == [
        ("二十八", True, "leaders.enrolled"),
        ("三百零六", True, "group_members.total"),
        ("二百八十四", True, "group_members.participated"),
    ]
    assert verdicts("中的三百零七名代表")[0][1] is False


def test_a_number_beside_no_figure_is_checked_when_some_figure_has_it():
    assert verdicts("有关方面共306人出席。") == [("306", True, "group_members.total")]
    assert verdicts("改建农村公厕近200座。") == [("近200", False, None)]


def test_a_percentage_is_matched_only_with_rates():
    assert verdicts("增长28%") == [("28%", False, None)]
    assert verdicts("比例为92.8%") == [("92.8%", True, "group_members.rate")]


def test_without_figures_every_number_is_flagged():
    assert verdicts("28位代表参加，参加率为92.8%。", figures=[]) == [
        ("28", False, None),
        ("92.8%", False, None),
    ]


def test_the_marked_text_is_the_text_with_its_numbers_marked():
    text = "据统计，参加率为92.6%。\n\n共开展活动40次，第24期。"
    paragraphs = marked(text, check(text, FIGURES))

    assert ["".join(piece for piece, _r in paragraph) for paragraph in paragraphs] == [
        "据统计，参加率为92.6%。",
        "共开展活动40次，第24期。",
    ]
    marks = [(piece, r.checked) for paragraph in paragraphs for piece, r in paragraph if r]
    assert marks == [("92.6%", False), ("40", True)]


@given(st.integers(min_value=0, max_value=10**12))
def test_every_figure_as_written_reads_back_as_standing_for_it(number):
    written = as_written(number)
    (reading,) = numbers_in(f"共{written}个")

    assert not reading.skipped
    assert reading.stands_for(number), written
