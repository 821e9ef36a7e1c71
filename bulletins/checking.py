"""The bulletin's number check: every number in an issue's text, read and matched against
its campaign's figures before the issue goes out, and again after it is out.

Reading (`numbers_in`). A number is Arabic (306, 1,340,000, 92.8, full-width digits too)
or Chinese (二十八, 三百零六, 一百三十四万), with 万/亿 after it, 近 before it, 余/多 and
% after it. What is not a figure is read and skipped, with the reason:

- an ordinal: 第 before it (第24期, 第 28 号, 第一代表小组);
- a date, a time, a term or an issue: 年 月 日 号 时 届 期 周年 世纪 or 大 (十九大) after
  it; 2021-12-25, 2021/12/25, 2021.12.25 and year ranges (2021—2022);
- a list marker: at the start of a paragraph or sentence, or alone in brackets, with 、 . ．
  ) or ） after it (1、 (2) 3.);
- a code: a Latin letter, @, _, /, -, —, ×, * or : touching it (5G, 163.com, 0731-8530,
  2×100万千瓦);
- prose: a single Chinese numeral character (一批, 三湘, 十分) or characters that are not a
  numeral (十四五, 万一).

Matching (`check`). A number is compared with figures of its kind (a percentage with the
rates, any other number with the counts), under the 余/近/rounding rule of
`activities.numbers.stands_for` (近6万 stands for 59,400; 306 only for 306). A figure
stands *beside* a number when one of its names is the nearest text before the number
(参加率为92.8%) or, failing that, right after it (28位省级领导干部代表参加), within
`NEAR_TEXT` characters, not across a clause mark (。，；、 and brackets) nor another
number; of two names at the same distance the longer wins. A number beside a figure is
checked when it stands for that figure and flagged when it does not (参加率为92.6% when
the rate is 92.8). A number beside none is checked when it stands for some figure and
flagged when it stands for none.

The figures (`campaign_figures_of`) are `campaign_figures` (with the draft's sum of
research reports and suggestions) and every other number the draft of the campaign prints
now (the suggestions' sentence, the highlights' outcomes), named by the words before it.
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from activities.figures import figure_rows
from activities.models import Mode
from activities.numbers import as_written, stands_for

NEAR_TEXT = 12
CLAUSE_MARKS = "。！？；，、：:;,（）()\n"
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
CHINESE_PLACES = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000, "万亿": 10**12}

NUMBER = re.compile(
    r"(?P<near>近)?"
    r"(?:(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<unit>万亿|亿|万)?"
    r"|(?P<chinese>[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*))"
    r"(?P<more>余|多)?(?P<percent>[%％])?"
)
DATES = re.compile(
    r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
    r"|(?:19|20)\d{2}\s*[-—–~至]\s*(?:19|20)\d{2}"
    r"|\d{1,2}:\d{2}"
)
DATE_WORDS = ("年", "月", "日", "号", "时", "届", "期", "周年", "世纪", "大")
CODE_NEIGHBOURS = set("@_/-—–×*:") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
LIST_OPENERS = ("", "\n", "。", "；", "：", "（", "(")
LIST_CLOSERS = ("、", ".", "．", "）", ")")


def chinese_value(numeral):
    """二十八 → 28, 三百零六 → 306, 一百三十四万 → 1340000; None when the characters are
    not one numeral (十四五, 一一)."""
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in CHINESE_DIGITS:
            if digit is not None:
                return None
            digit = CHINESE_DIGITS[char] or None  # 零 keeps the place, adds nothing
        elif char in CHINESE_PLACES:
            section += (1 if digit is None else digit) * CHINESE_PLACES[char]
            digit = None
        else:  # 万 or 亿: the section before it counts in that unit
            section += digit or 0
            if not section and not total:
                return None
            unit = BIG_UNITS[char]
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit = 0, None
    return total + section + (digit or 0)


@dataclass
class Number:
    """A number of the text: where it is, as written, what it stands for."""

    start: int
    end: int
    text: str
    value: Decimal = Decimal(0)
    step: Decimal = Decimal(1)  # the place of its last written digit (134万: 10000)
    qualifier: str = ""  # 近, 余 or 多
    percent: bool = False
    skipped: str = ""  # why it is not a figure: ordinal, date, list, code, prose

    def stands_for(self, value):
        return stands_for(value, self.value, self.step, self.qualifier)


def _read(match):
    """The Number a NUMBER match writes (its value None when it is no numeral)."""
    qualifier = match["near"] or match["more"] or ""
    number = Number(match.start(), match.end(), match[0], qualifier=qualifier)
    number.percent = bool(match["percent"])
    if match["arabic"]:
        digits = Decimal(match["arabic"].replace(",", ""))
        unit = BIG_UNITS.get(match["unit"] or "", 1)
        number.value = digits * unit
        number.step = Decimal(1).scaleb(digits.as_tuple().exponent) * unit
    else:
        numeral = match["chinese"]
        value = chinese_value(numeral) if len(numeral) > 1 else None
        if value is None:
            number.skipped = "prose"
            return number
        number.value = Decimal(value)
        unit = next((size for word, size in BIG_UNITS.items() if numeral.endswith(word)), 1)
        number.step = Decimal(unit)
    return number


def _skip_reason(text, number, dates):
    before = text[: number.start].rstrip(" 　")
    after = text[number.end :].lstrip(" 　")
    previous = text[number.start - 1] if number.start else ""
    following = text[number.end] if number.end < len(text) else ""
    if any(start <= number.start < end for start, end in dates):
        return "date"
    if before.endswith("第"):
        return "ordinal"
    if after.startswith(DATE_WORDS):
        return "date"
    if previous in CODE_NEIGHBOURS or following in CODE_NEIGHBOURS:
        return "code"
    if following == "." and text[number.end + 1 : number.end + 2].isascii():
        opener = before[-1:] if before else ""
        if opener in LIST_OPENERS:
            return "list"
        return "code" if text[number.end + 1 : number.end + 2].isalpha() else ""
    if (before[-1:] if before else "") in LIST_OPENERS and after.startswith(LIST_CLOSERS):
        return "list"
    return ""


def numbers_in(text):
    """Every number of `text`, in order, each with its value or the reason it is skipped."""
    original, text = text, text.translate(FULL_WIDTH)  # the same length, the same places
    dates = [match.span() for match in DATES.finditer(text)]
    numbers = []
    for match in NUMBER.finditer(text):
        number = _read(match)
        number.text = original[number.start : number.end]
        if not number.skipped:
            number.skipped = _skip_reason(text, number, dates)
        numbers.append(number)
    return numbers


@dataclass(frozen=True)
class Figure:
    """A figure an issue may print: its key, its name, its value, and the words that name
    it in the text, before a number (参加率为) or after it (位省级领导干部代表参加)."""

    key: str
    label: str
    value: object
    percent: bool = False
    before: tuple = ()
    after: tuple = ()
    qualifier: str = ""  # a figure the draft prints as 2.65万多 (近, 余, 多) is that writing

    @property
    def shown(self):
        return shown(self.value, self.percent)


# The words the bulletin (the draft's shipped templates, `article.SENTENCES`, and the
# seed) names each figure by.
WORDS = {
    "leaders.enrolled": (("应参加",), ("名省级领导干部代表所在",)),
    "leaders.participated": ((), ("位省级领导干部代表参加",)),
    "group_members.total": (("小组中的", "小组中"), ()),
    "group_members.participated": (("代表有",), ("名参加",)),
    "group_members.rate": (("参加率为", "参加率"), ()),
    "activities.total": (("共开展活动", "开展活动"), ()),
    "activities.accompanied_leaders": (("全程参加了", "全程参加", "陪同"), ()),
    "problems.total": (("急难愁盼”问题", "收集问题"), ()),
    "problems.resolved": (("突出问题", "解决问题"), ()),
    "problems.in_progress": ((), ("个问题正在办理",)),
    "outputs.reports": (("调研报告或代表建议",), ()),
    "contacts.person_times": (("走访联系群众", "联系群众"), ()),
    "contacts.problems_solved": (("帮助群众解决问题",), ()),
    "contacts.aid_yuan": (("帮扶物资或资金", "资金"), ()),
}


def core_figures(figures):
    """The Figures of a `campaign_figures` dict, with the draft's sum of reports."""
    from .drafting import MODE_PHRASES

    outputs = figures["outputs"]
    reports = outputs["research_report"] + outputs["suggestion"]
    rows = [
        *figure_rows(figures),
        ["outputs.reports", str(_("Research reports and suggestions")), reports],
    ]
    made = []
    for key, name, value in rows:
        if value is None:
            continue
        before, after = WORDS.get(key, ((), ()))
        if key.startswith("activities.by_mode."):
            before = (MODE_PHRASES[Mode(key.rpartition(".")[2])],)
        made.append(Figure(key, name, value, key.endswith(".rate"), before, after))
    return made


def _windows(text, numbers, index):
    """(text before, text after) number `index` that may name its figure."""
    number = numbers[index]
    left = numbers[index - 1].end if index else 0
    right = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
    before = text[left : number.start]
    after = text[number.end : right]
    cut = max(before.rfind(mark) for mark in CLAUSE_MARKS)
    before = before[cut + 1 :][-NEAR_TEXT * 2 :]
    ends = [at for mark in CLAUSE_MARKS if (at := after.find(mark)) >= 0]
    after = after[: min(ends, default=len(after))][: NEAR_TEXT * 2]
    return before, after


def _beside(before, after, figures):
    """The figure named nearest the number (None when none is within NEAR_TEXT)."""
    best = None
    for figure in figures:
        for word in figure.before:
            at = before.rfind(word)
            if at >= 0:
                rank = (len(before) - at - len(word), 0, -len(word))
                best = min(best, (rank, figure), key=lambda x: x[0]) if best else (rank, figure)
        for word in figure.after:
            at = after.find(word)
            if at >= 0:
                rank = (at, 1, -len(word))
                best = min(best, (rank, figure), key=lambda x: x[0]) if best else (rank, figure)
    if best and best[0][0] <= NEAR_TEXT:
        return best[1]
    return None


@dataclass
class Reading:
    """A number of the text checked: the figure it was matched to or stands beside."""

    number: Number
    figure: Figure | None = None
    checked: bool = False
    beside: bool = False
    context: str = ""  # the words around it, to find it in the text

    @property
    def flagged(self):
        return not self.checked

    @property
    def why(self):
        """What the editor is told about the number."""
        if self.checked:
            return _("checked: %(name)s %(value)s") % {
                "name": self.figure.label,
                "value": self.figure.shown,
            }
        if self.figure:
            return _("differs from %(name)s, which is %(value)s") % {
                "name": self.figure.label,
                "value": self.figure.shown,
            }
        return _("matches none of the campaign's figures")


def words_in(text):
    """The numbers of `text` that are not prose (一批, 十分): they bound the text naming
    a figure."""
    return [number for number in numbers_in(text) if number.skipped != "prose"]


def matches(number, figure):
    """Whether `number` stands for `figure`: a figure the draft prints as written (2.65万多)
    is matched by the same writing or any that stands for its value."""
    written = (Decimal(str(figure.value)), figure.qualifier)
    if figure.qualifier and (number.value, number.qualifier) == written:
        return True
    return number.stands_for(figure.value)


def check(text, figures):
    """The Readings of the numbers of `text` that are figures (the skipped ones left out)."""
    normal = text.translate(FULL_WIDTH)
    numbers = words_in(text)
    readings = []
    for index, number in enumerate(numbers):
        if number.skipped:
            continue
        kind = [figure for figure in figures if figure.percent == number.percent]
        start = max(0, number.start - 10, text.rfind("\n", 0, number.start) + 1)
        line_end = text.find("\n", number.end)
        end = number.end + 6 if line_end < 0 else min(number.end + 6, line_end)
        context = text[start:end]
        beside = _beside(*_windows(normal, numbers, index), kind)
        if beside is not None:
            reading = Reading(number, beside, matches(number, beside), True, context)
        else:
            matched = next((figure for figure in kind if matches(number, figure)), None)
            reading = Reading(number, matched, matched is not None, False, context)
        readings.append(reading)
    return readings


def draft_figures(draft, core):
    """The numbers the draft prints beyond the `core` figures (suggestions, outcomes),
    each a Figure named by the words before it (or, when none, after it)."""
    made, keys = [], set()
    for paragraph in draft.split("\n"):
        numbers = words_in(paragraph)
        for reading in check(paragraph, core):
            if reading.checked and reading.beside:
                continue
            number = reading.number
            windows = _windows(paragraph.translate(FULL_WIDTH), numbers, numbers.index(number))
            before, after = (window.strip(' “”"《》') for window in windows)
            name = before or after[:NEAR_TEXT]
            key = f"draft:{name}"
            while key in keys:
                key += "+"
            keys.add(key)
            value = number.value
            value = int(value) if value == value.to_integral_value() else float(value)
            words = ((name[-6:],), ()) if before else ((), (name[:6],))
            made.append(Figure(key, name, value, number.percent, *words, number.qualifier))
    return made


def campaign_figures_of(campaign):
    """Every figure an issue about `campaign` may print, as it stands today."""
    from activities.figures import campaign_figures

    from .drafting import draft_text

    figures = campaign_figures(campaign)
    core = core_figures(figures)
    _title, body = draft_text(campaign, figures)
    return core + draft_figures(body, core)


@dataclass
class IssueCheck:
    """The check of an issue's title and body: its readings, the flagged ones, the body's
    paragraphs with the numbers marked, and the signature a confirmation must carry."""

    title: list
    body: list
    text: str

    @property
    def readings(self):
        return self.title + self.body

    @property
    def flagged(self):
        return [reading for reading in self.readings if reading.flagged]

    @property
    def checked(self):
        return [reading for reading in self.readings if reading.checked]

    @property
    def signature(self):
        """A short digest of the flagged numbers: a confirmation to publish names these,
        so a text or a figure changed since asks again."""
        flagged = [
            (
                r.number.text,
                r.context,
                r.figure.key if r.figure else "",
                str(r.figure.value) if r.figure else "",
            )
            for r in self.flagged
        ]
        return hashlib.sha256(repr(flagged).encode()).hexdigest()[:16] if flagged else ""

    @property
    def paragraphs(self):
        return marked(self.text, self.body)


def figures_for(bulletin):
    """The figures an issue is checked against: its campaign's today (none without one)."""
    return campaign_figures_of(bulletin.campaign) if bulletin.campaign_id else []


def check_bulletin(bulletin, title=None, body=None, figures=None):
    """The check of the issue's title and body (or of the `title` and `body` being edited)
    against its campaign's figures today."""
    title = bulletin.title if title is None else title
    body = bulletin.body if body is None else body
    figures = figures_for(bulletin) if figures is None else figures
    return IssueCheck(check(title, figures), check(body, figures), body)


def marked(text, readings):
    """The paragraphs of `text`, each a list of (piece, Reading or None): the numbers
    checked or flagged marked in place."""
    at = {(r.number.start, r.number.end): r for r in readings}
    paragraphs, offset = [], 0
    for paragraph in text.split("\n\n"):
        pieces, cursor = [], 0
        for (start, end), reading in sorted(at.items()):
            if offset <= start and end <= offset + len(paragraph):
                pieces.append((paragraph[cursor : start - offset], None))
                pieces.append((paragraph[start - offset : end - offset], reading))
                cursor = end - offset
        pieces.append((paragraph[cursor:], None))
        offset += len(paragraph) + 2
        if paragraph.strip():
            paragraphs.append([(piece, reading) for piece, reading in pieces if piece])
    return paragraphs


def snapshot(readings):
    """What an issue prints of its campaign's figures, kept at publication:
    [{key, label, text as printed, value then}] of the numbers checked."""
    return [
        {
            "key": r.figure.key,
            "label": str(r.figure.label),
            "text": r.number.text,
            "value": r.figure.value,
        }
        for r in readings
        if r.checked
    ]


def shown(value, percent=False):
    """A figure's value for the editor: 92.8%, 134万余 (1,342,000), 306."""
    if value is None:
        return "—"
    if percent:
        return f"{value}%"
    if isinstance(value, int) and value >= 10_000:
        return f"{as_written(value)} ({value:,})"
    return str(value)


@dataclass
class Drift:
    """A figure the issue printed that is no longer true: as printed, then and now."""

    label: str
    text: str
    then: object
    now: object
    percent: bool = False

    @property
    def then_shown(self):
        return shown(self.then, self.percent)

    @property
    def now_shown(self):
        return shown(self.now, self.percent)


def drifted(bulletin, figures=None):
    """The figures the published issue printed that the records (or `figures`, its
    campaign's today when the caller has them) no longer bear out."""
    if not bulletin.printed_figures or not bulletin.campaign_id:
        return []
    figures = figures_for(bulletin) if figures is None else figures
    today = {figure.key: figure for figure in figures}
    drifts = []
    for printed in bulletin.printed_figures:
        now = today.get(printed["key"])
        number = next(iter(numbers_in(printed["text"])), None)
        if number is None or (now is not None and matches(number, now)):
            continue
        label = now.label if now is not None else printed["label"]
        value = now.value if now is not None else None
        drifts.append(Drift(label, printed["text"], printed["value"], value, number.percent))
    return drifts
