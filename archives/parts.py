"""The parts of a deputy's archive 一人一档 as the county offices file them, and the figures
each part states: the page, its print and its Word file (word.py) say them from here, so
they say the same numbers in the same words.

Each figure names the list of records behind it (`anchor`: the list's id on the page),
so that a number is never read without the records it counts.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import Attendance, Output, Problem
from lianluo.punctuation import join_list, labelled, noted
from representatives.models import Mandate, Membership
from suggestions.models import Rating, ReplyClass

from .figures import RATING_KEYS
from .models import Duty

# (key, title): the eight parts, in their order; the points 履职积分 follow when kept.
PARTS = (
    ("basics", _("Basic facts")),  # 基本情况
    ("meetings", _("Meetings")),  # 会议
    ("inspections", _("Inspections and research")),  # 视察调研
    ("training", _("Study and training")),  # 学习培训
    ("group", _("Group activities")),  # 小组活动
    ("suggestions", _("Suggestions and opinions")),  # 建议意见
    ("voter_reports", _("Reports to voters")),  # 向选民述职
    ("commendations", _("Commendations and awards")),  # 表彰奖励
)
POINTS = ("points", _("Points for duties"))  # 履职积分
DUTY_PARTS = tuple(Duty.PARTS)

OWN_STATE_LABELS = {
    "present": Attendance.Status.PRESENT.label,
    "leave": Attendance.Status.LEAVE.label,
    "absent": Attendance.Status.ABSENT.label,
    "unrecorded": pgettext_lazy("attendance", "Not recorded"),
}


@dataclass
class Figure:
    label: str
    value: str
    anchor: str = ""  # the id of the list of the records it counts, on the page

    @property
    def leads(self):
        """Whether the figure leads to the records it counts: a zero or a rate of nothing
        (NONE) counts none."""
        return bool(self.anchor) and self.value not in ("0", NONE)


NONE = "—"  # a rate whose denominator is nothing: no reply rated yet


CHINESE_NUMERALS = "一二三四五六七八九十"  # the parts' numbers: nine at most


def heading(number, title, language):
    """一、基本情况 in Chinese, "1. Basic facts" in English."""
    if language.startswith("zh"):
        return f"{CHINESE_NUMERALS[number - 1]}、{title}"
    return f"{number}. {title}"


def parts(archive):
    """[(key, title)]: the parts of `archive`, with its points when the office keeps them."""
    return [*PARTS, POINTS] if archive.points is not None else list(PARTS)


def sections(archive, language):
    """[{key, heading, figures, duties}]: the parts of `archive` as a page or a file
    shows them, numbered in `language`, each with its figures (and duties, if of a
    part of duties)."""
    found = figures(archive)
    return [
        {
            "key": key,
            "heading": heading(index, title, language),
            "figures": found.get(key, []),
            "of_duties": key in DUTY_PARTS,
            "duties": archive.duties_of(key) if key in DUTY_PARTS else [],
        }
        for index, (key, title) in enumerate(parts(archive), start=1)
    ]


def number(value):
    """A count or points as written: 31, 2.5 (no trailing zeros), a rate as 50.0%."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, float):
        return f"{value:.1f}%"
    return str(value)


def duty_figures(archive, part):
    counts = archive.duty_counts
    return [
        Figure(Duty.Kind(kind).label, number(counts[kind]), f"duties-{part}")
        for kind in Duty.PARTS[part]
    ]


def group_figures(archive):
    """小组活动: the own groups' activities taken part in, each state apart, led, as a
    guest, the campaigns and the problems raised."""
    own = archive.own_counts
    figures = [
        Figure(
            gettext("Activities of the deputy's groups taken part in"),
            gettext("%(took_part)s of %(total)s (%(rate)s)")
            % {
                "took_part": archive.own_took_part,
                "total": len(archive.own),
                "rate": number(archive.rate),
            },
            "own",
        )
    ]
    figures += [Figure(OWN_STATE_LABELS[state], number(own[state]), "own") for state in own]
    figures += [
        Figure(gettext("Activities led"), number(len(archive.led)), "led"),
        Figure(
            gettext("Activities of other groups attended as a guest"),
            number(len(archive.guest)),
            "guest",
        ),
        Figure(
            gettext("Campaigns enrolled in"), number(len(archive.campaigns_enrolled)), "campaigns"
        ),
        Figure(
            gettext("Campaigns taken part in"),
            number(len(archive.campaigns_taken_part)),
            "campaigns",
        ),
        Figure(gettext("Problems raised"), number(len(archive.problems)), "problems"),
    ]
    counts = archive.problem_counts
    figures += [
        Figure(
            pgettext("problems raised by the deputy", "of which: %(status)s")
            % {"status": Problem.Status(status).label},
            number(counts[status]),
            "problems",
        )
        for status in Problem.Status.values
    ]
    return figures


def suggestion_figures(archive):
    """建议意见: put as lead or seconded, the class of their latest replies, the ratings,
    and the outputs by kind."""
    figures = [
        Figure(
            gettext("Suggestions put as lead deputy"),
            number(len(archive.suggestions_led)),
            "suggestions",
        ),
        Figure(
            gettext("Suggestions seconded"),
            number(len(archive.suggestions_seconded)),
            "suggestions",
        ),
    ]
    classes = archive.reply_classes
    figures += [
        Figure(
            gettext("Latest reply of class %(class)s") % {"class": value},
            number(classes[value]),
            "suggestions",
        )
        for value in ReplyClass.values
    ]
    ratings = archive.ratings
    figures += [
        Figure(Rating(value).label, number(ratings[key]), "suggestions")
        for value, key in RATING_KEYS.items()
    ]
    rated = sum(ratings.values())
    figures.append(
        Figure(
            gettext("Satisfaction rate"),
            number(archive.satisfaction_rate) if rated else NONE,
            "suggestions",
        )
    )
    outputs = archive.output_counts
    figures += [
        Figure(
            labelled(gettext("Outputs"), Output.Kind(kind).label), number(outputs[kind]), "outputs"
        )
        for kind in Output.Kind.values
    ]
    return figures


def figures(archive):
    """{part: [Figure]} of `archive` (the basic facts have none; the points their total)."""
    found = {part: duty_figures(archive, part) for part in DUTY_PARTS}
    found["group"] = group_figures(archive)
    found["suggestions"] = suggestion_figures(archive)
    if archive.points is not None:
        found["points"] = [Figure(gettext("Total points"), number(archive.points_total), "points")]
    return found


def line_role(line):
    """How the deputy was at an activity of the archive: their own group's state (出席,
    请假, 缺席, 未登记), and led, or a guest of another group."""
    said = []
    if line.own:
        said.append(str(OWN_STATE_LABELS[line.own_state]))
    if line.led:
        said.append(pgettext("at an activity", "led"))
    elif line.status == Attendance.Status.GUEST:
        said.append(pgettext("at an activity", "guest"))
    return join_list(said)


def campaigns(archive):
    """[(campaign, enrolled, took part)]: the campaigns of the period the deputy was
    enrolled in or took part in, earliest first."""
    enrolled = {campaign.pk for campaign in archive.campaigns_enrolled}
    taken_part = {campaign.pk for campaign in archive.campaigns_taken_part}
    found = {c.pk: c for c in [*archive.campaigns_enrolled, *archive.campaigns_taken_part]}
    return [
        (campaign, campaign.pk in enrolled, campaign.pk in taken_part)
        for campaign in sorted(found.values(), key=lambda campaign: (campaign.start, campaign.pk))
    ]


def span(start, end):
    """The dates of a post held or of a membership, as written beside it."""
    if not start and not end:
        return ""
    first = f"{start:%Y-%m-%d}" if start else "…"
    last = f"{end:%Y-%m-%d}" if end else ""
    return f"{first} – {last}".rstrip()


def basic_facts(representative, archive):
    """[(key, label, text)]: 基本情况 of `representative` (their mandates and memberships read
    with it: `with_basics`)."""
    rep = representative
    posts = [noted_span(post.title, post.started_on, post.ended_on) for post in archive.posts]
    mandates = [
        " · ".join(
            part
            for part in (
                str(m.get_level_display()),
                gettext("term %(term)s") % {"term": m.term} if m.term else "",
                str(m.electoral_unit),
            )
            if part
        )
        for m in rep.mandates.all()
    ]
    groups = [
        noted_span(m.group.name, m.joined_on, m.left_on)
        + (f" · {gettext('convener')}" if m.is_convener else "")
        for m in rep.memberships.all()
    ]
    leader = gettext("provincial-level leading cadre")
    return [
        ("name", pgettext("a person's name", "Name"), rep.name),
        ("code", gettext("Deputy card number"), rep.code),
        ("gender", gettext("Gender"), rep.get_gender_display()),
        ("ethnicity", gettext("Ethnicity"), rep.ethnicity),
        ("party", gettext("Party"), rep.party),
        (
            "post",
            gettext("Post held now"),
            rep.post + (f" · {leader}" if rep.is_provincial_leader else ""),
        ),
        ("posts", gettext("Posts held in the period"), join_list(posts)),
        ("mandates", gettext("Mandates"), join_list(mandates)),
        ("groups", gettext("Groups"), join_list(groups)),
    ]


def noted_span(text, start, end):
    dated = span(start, end)
    return noted(text, dated) if dated else text


def with_basics(representatives):
    """`representatives` (a queryset) with what `basic_facts` reads of each: their mandates
    and memberships, in two queries whatever their number."""
    return representatives.prefetch_related(
        Prefetch("mandates", Mandate.objects.select_related("electoral_unit")),
        Prefetch(
            "memberships",
            Membership.objects.select_related("group").order_by(
                F("joined_on").asc(nulls_first=True), "pk"
            ),
        ),
    )
