"""The article's templates: its sections and the sentences each is written from.

The office edits them in the app (`views.article_templates`, admins only): a section's
heading, its place in the article, whether it is written at all; each sentence's wording.
What the office saved is in the database (`ArticleSection`, `ArticleSentence`); what is
shipped is here (`SECTIONS`, `SENTENCES`: the defaults, which migration 0005 stored), and
a sentence the database lacks, or holds in a wording this version no longer accepts, is
written from its default.

A sentence is plain text with placeholders in braces, `{leaders_participated}`, each one
of the names its sentence is given (`Sentence.names`): figures and names already written
out as text. Nothing else is read: a placeholder is looked up by its whole name among
those values (`fill`), never as an expression, so `{leader.__class__}` or `{0}` is
refused on save (`refusal`) and could reach nothing if it were stored.
"""

import string
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities.models import Mode

# The names a sentence may use, with what they stand for (shown beside the wording).
PLACEHOLDERS = {
    "campaign": _("the campaign's title"),
    "period": _("the campaign's months (2021年5月至11月)"),
    "leaders_participated": _("leaders who took part"),
    "leaders_enrolled": _("leaders enrolled"),
    "topics": _("the topics of its activities, joined with 、"),
    "activities": _("activities held"),
    "modes": _("the activities by mode, each written by its mode's phrase"),
    "n": _("activities of this mode"),
    "leader": _("the leader: post and name at the first mention, the name after"),
    "place": _("where the activity was held"),
    "group": _("the leader's group"),
    "guests": _("deputies of other groups who came along"),
    "members": _("members of the leaders' groups"),
    "members_participated": _("members who took part"),
    "rate": _("members' participation rate (%)"),
    "departments": _("the provincial departments invited, most invited first"),
    "n_departments": _("how many provincial departments were invited"),
    "problems_total": _("problems raised"),
    "resolved": _("problems resolved"),
    "in_progress": _("problems in progress"),
    "visit": _("how the leader went there: the phrase of the activity's mode"),
    "actions": _(
        "what came of the activity's highlighted problems, one phrase each, joined with ，"
    ),
    "action": _("what came of the problem: the phrase its status and outcome choose"),
    "problem": _("the problem, with 问题 after it when its title lacks it"),
    "project": _("the project, its title without 落地"),
    "outcome": _("the problem's outcome as recorded"),
    "reports": _("research reports and suggestions"),
    "person_times": _("person-times of contact with the masses, as the office writes it"),
    "problems_solved": _("problems solved for the masses, as the office writes it"),
    "aid_yuan": _("aid in materials or funds (yuan), as the office writes it"),
    "accompanied": _("leaders accompanied by liaison staff"),
    "outlets": _("the outlets that reported, in the office's order"),
}


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # what the editing page calls it
    heading: str  # the shipped heading, run in at the start of its paragraph


# The article's sections in their shipped order. The lead has no heading.
SECTIONS = [
    Section("lead", _("Lead"), ""),
    Section("leaders", _("How the leaders took part"), "领导干部代表带头参加，活动方式灵活多样。"),
    Section("groups", _("What the groups did"), "代表小组广泛参与，活动开展扎实有效。"),
    Section("problems", _("Problems solved"), "聚焦“急难愁盼”，为群众办实事解难题。"),
    Section("results", _("Results, outputs and suggestions"), "成果丰硕，示范带动作用明显。"),
    Section("publicity", _("Organisation and publicity"), "组织保障有力，宣传报道广泛。"),
]
SECTION = {section.key: section for section in SECTIONS}


@dataclass(frozen=True)
class Sentence:
    """One sentence (or phrase) of the article: where it stands, what it says when the
    records allow it, and the names it may use."""

    key: str
    section: str  # a Section's key; "title" and "phrases" are not sections
    label: str
    default: str
    names: tuple

    @property
    def placeholders(self):
        return [(name, PLACEHOLDERS[name]) for name in self.names]


def _sentence(key, section, label, default, *names):
    return Sentence(key, section, label, default, names)


MODE_SENTENCES = {
    Mode.OWN_GROUP: "参加所在代表小组活动{n}次",
    Mode.OWN_UNIT: "和所在小组代表在原选举单位内开展活动{n}次",
    Mode.JOINT_GROUPS: "联合原选举单位其他小组代表一起开展活动{n}次",
    Mode.CONTACT_POINT: "到党史学习教育基层联系点开展活动{n}次",
    Mode.CROSS_GROUP: "跨所在代表小组开展活动{n}次",
    Mode.OTHER: "以其他方式开展活动{n}次",
}
VISITS = {
    Mode.OWN_GROUP: "到{place}参加主题活动",
    Mode.OWN_UNIT: "与所在小组代表到{place}开展主题活动",
    Mode.JOINT_GROUPS: "联合原选举单位其他小组代表到{place}开展主题活动",
    Mode.CONTACT_POINT: "到党史学习教育基层联系点{place}开展主题活动",
    Mode.CROSS_GROUP: "跨代表小组到{place}开展主题活动",
    Mode.OTHER: "到{place}开展调研",
}
ACTIONS = {
    "helped": (_("helped resolve (resolved)"), "帮助解决{problem}", "problem"),
    "pushed": (
        _("pushed for (in progress, or an outcome saying 推动)"),
        "推动解决{problem}",
        "problem",
    ),
    "landing": (_("a project brought to the ground (落地)"), "推动{project}尽快落地", "project"),
    "noted": (_("looked into (not yet taken up)"), "重点关注{problem}", "problem"),
}

SENTENCES = [
    _sentence("title", "title", _("The title"), "“{campaign}”代表小组主题活动取得明显成效",
              "campaign", "period"),
    _sentence("lead.opening", "lead", _("The campaign"),
              "{period}，省人大常委会联工委组织省级领导干部中的省人大代表开展了"
              "“{campaign}”代表小组主题活动。", "period", "campaign"),
    _sentence("lead.taking_part", "lead", _("The leaders who took part"),
              "{leaders_participated}位省级领导干部代表参加了主题活动，"
              "产生了良好的政治效果和社会效果。", "leaders_participated", "leaders_enrolled"),
    _sentence("lead.topics", "lead", _("The topics"), "活动主题涉及{topics}等多个方面。",
              "topics"),
    _sentence("leaders.modes", "leaders", _("The activities by mode"),
              "从活动方式看，省级领导干部代表{modes}。", "modes"),
    _sentence("leaders.contact_point", "leaders", _("Example: at a grassroots contact point"),
              "{leader}深入党史学习教育基层联系点{place}开展调研。", "leader", "place", "group"),
    _sentence("leaders.joint_groups", "leaders", _("Example: a joint research visit"),
              "{leader}组织所在的{group}代表到{place}联合开展专题调研。",
              "leader", "place", "group"),
    _sentence("leaders.guests", "leaders", _("Example: deputies of other groups invited along"),
              "{leader}参加所在的{group}活动，邀请{guests}名其他代表小组的代表"
              "与小组代表们一起开展调研座谈。", "leader", "place", "group", "guests"),
    _sentence("leaders.closing", "leaders", _("When the leaders took part in several modes"),
              "多种方式相互交融，增强了代表小组活力，调动了代表参加小组活动的积极性。"),
    _sentence("groups.members", "groups", _("The members who took part"),
              "据统计，{leaders_enrolled}名省级领导干部代表所在代表小组中的{members}名代表"
              "有{members_participated}名参加了主题活动，参加率为{rate}%。",
              "leaders_enrolled", "members", "members_participated", "rate"),
    _sentence("groups.work", "groups", _("The activities held"),
              "各代表小组共开展活动{activities}次，深入基层一线察民情、听民声、聚民智。",
              "activities"),
    _sentence("groups.departments", "groups", _("The provincial departments invited"),
              "其间，{departments}等{n_departments}个省直厅局负责同志应邀参加调研座谈。",
              "departments", "n_departments"),
    _sentence("problems.raised", "problems", _("The problems raised"),
              "活动中共收集群众“急难愁盼”问题{problems_total}个。", "problems_total"),
    _sentence("problems.highlight", "problems", _("An activity with highlighted problems"),
              "{leader}{visit}，{actions}。", "leader", "visit", "actions", "place"),
    _sentence("problems.resolved", "problems", _("The problems resolved"),
              "总的来看，省级领导干部代表共帮助解决群众和基层反映的突出问题{resolved}个。",
              "resolved", "problems_total"),
    _sentence("problems.in_progress", "problems", _("The problems still in progress"),
              "另有{in_progress}个问题正在办理中。", "in_progress", "problems_total"),
    _sentence("results.outputs", "results", _("The outputs"),
              "各位领导干部代表共指导形成调研报告或代表建议{reports}份。", "reports"),
    _sentence("results.contacts", "results", _("The contact tallies"),
              "在领导干部代表的示范带动下，全省各级人大代表走访联系群众{person_times}人次，"
              "帮助群众解决问题{problems_solved}个，落实帮扶物资或资金{aid_yuan}元。",
              "person_times", "problems_solved", "aid_yuan"),
    _sentence("publicity.accompanied", "publicity", _("The liaison staff who went along"),
              "委员会领导和相关处室全程参加了{accompanied}位省级领导干部代表开展的主题活动。",
              "accompanied"),
    _sentence("publicity.outlets", "publicity", _("The outlets"),
              "{outlets}等媒体对主题活动进行了宣传报道，营造了良好的舆论氛围。", "outlets"),
    *[
        _sentence(f"mode.{mode}", "phrases", Mode(mode).label, text, "n")
        for mode, text in MODE_SENTENCES.items()
    ],
    *[
        _sentence(f"visit.{mode}", "phrases", Mode(mode).label, text, "place")
        for mode, text in VISITS.items()
    ],
    *[
        _sentence(f"action.{key}", "phrases", label, text, name)
        for key, (label, text, name) in ACTIONS.items()
    ],
    _sentence("action.outcome", "phrases", _("with the outcome, when it says more"),
              "{action}，{outcome}", "action", "outcome"),
]  # fmt: skip
SENTENCE = {sentence.key: sentence for sentence in SENTENCES}

FORMATTER = string.Formatter()


def refusal(text, names):
    """Why `text` cannot be a sentence given `names`, or "" when it can."""
    try:
        fields = [
            (name, conversion, spec) for _lit, name, spec, conversion in FORMATTER.parse(text)
        ]
    except ValueError:
        return _(
            "A brace stands alone: a placeholder is one of the names below in braces, "
            "such as {%(example)s}; write {{ or }} for a brace itself."
        ) % {"example": names[0] if names else "n"}
    allowed = "、".join(f"{{{name}}}" for name in names) or _("none")
    for name, conversion, spec in fields:
        if name is None:
            continue
        if conversion or spec:
            return _("A placeholder takes no format: write {%(name)s}.") % {
                "name": name.split(".")[0].split("[")[0] or "…"
            }
        if name not in names:
            return _(
                "{%(name)s} is not a placeholder of this sentence; it may use %(allowed)s."
            ) % {
                "name": name,
                "allowed": allowed,
            }
    return ""


def fill(text, values):
    """`text` with each placeholder replaced by its value: looked up by its whole name
    (`refusal` has accepted the text), never evaluated."""
    pieces = []
    for literal, name, _spec, _conversion in FORMATTER.parse(text):
        pieces.append(literal)
        if name is not None:
            pieces.append(str(values[name]))
    return "".join(pieces)


@dataclass
class Templates:
    """The article's sections (in order, those written) and every sentence's wording."""

    sections: list  # [(key, heading)] in the article's order, the switched-off left out
    texts: dict  # sentence key → wording

    @classmethod
    def shipped(cls):
        return cls(
            [(section.key, section.heading) for section in SECTIONS],
            {sentence.key: sentence.default for sentence in SENTENCES},
        )

    @classmethod
    def stored(cls):
        """The office's templates: what it saved, the defaults for what it did not (or
        saved in a wording this version refuses): two queries."""
        from .models import ArticleSection, ArticleSentence

        return cls.of(
            {row.key: row for row in ArticleSection.objects.all()},
            dict(ArticleSentence.objects.values_list("key", "text")),
        )

    @classmethod
    def of(cls, sections, texts):
        """The templates of the stored `sections` ({key: ArticleSection}) and sentences'
        `texts` ({key: wording}), the shipped ones standing in for what is missing."""
        order = {section.key: index for index, section in enumerate(SECTIONS, start=1)}
        placed = []
        for section in SECTIONS:
            row = sections.get(section.key)
            if row is None:
                placed.append(
                    (order[section.key], order[section.key], section.key, section.heading)
                )
            elif row.enabled:
                placed.append((row.position, order[section.key], section.key, row.heading))
        wording = {sentence.key: sentence.default for sentence in SENTENCES}
        for key, text in texts.items():
            sentence = SENTENCE.get(key)
            if sentence and not refusal(text, sentence.names):
                wording[key] = text
        return cls([(key, heading) for *_order, key, heading in sorted(placed)], wording)

    def write(self, key, values):
        return fill(self.texts[key], values)
