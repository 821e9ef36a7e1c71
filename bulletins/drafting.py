"""Drafting the bulletin 联络动态 from a campaign's records.

Every figure in the draft comes from `campaign_figures` (the report contract) or from
the records themselves; the sentences are templates in the bulletin's register. The
editor then edits the text freely: the draft is a start, not the issue.
"""

from django.utils import timezone

from activities.figures import campaign_extras, campaign_figures
from activities.models import Activity, MediaReport, Mode, Problem, Topic
from activities.numbers import as_written
from representatives.protocol import Mentions, Protocol

from .models import Bulletin

MODE_PHRASES = {
    Mode.OWN_GROUP: "参加所在代表小组活动",
    Mode.OWN_UNIT: "和所在小组代表在原选举单位内开展活动",
    Mode.JOINT_GROUPS: "联合原选举单位其他小组代表一起开展活动",
    Mode.CONTACT_POINT: "到党史学习教育基层联系点开展活动",
    Mode.CROSS_GROUP: "跨所在代表小组开展活动",
    Mode.OTHER: "以其他方式开展活动",
}


def month_span(campaign):
    start, end = campaign.start, campaign.end
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月"
    return f"{start.year}年{start.month}月至{end.year}年{end.month}月"


def highlights(campaign, mentions=None):
    """The problems staff marked as highlights: leader, place, problem, outcome. The
    leaders in protocol order, each by the post held that day where the article names
    them first (`mentions`, shared by the article), by name after."""
    mentions = Mentions() if mentions is None else mentions
    protocol, today = Protocol(), timezone.localdate()
    problems = (
        Problem.objects.counted()
        .filter(activity__campaign=campaign, is_highlight=True)
        .select_related("activity")
        .prefetch_related("activity__leaders__posts")
        .order_by("activity__date", "pk")
    )
    for problem in problems:
        on = problem.activity.date
        leaders = mentions(protocol.titled(problem.activity.leaders.all(), on, now=today))
        leaders = leaders or "代表们"
        place = problem.activity.place or "基层"
        outcome = f"，{problem.outcome}" if problem.outcome else ""
        yield f"{leaders}在{place}参加主题活动时，重点关注{problem.title}，推动问题解决{outcome}。"


def draft_text(campaign, figures=None):
    """(title, body) of the article about `campaign`, from its figures (`figures`, its
    `campaign_figures` when the caller has them) and records."""
    f = figures or campaign_figures(campaign)
    leaders, members, work = f["leaders"], f["group_members"], f["activities"]
    topics = list(
        Topic.objects.filter(activities__in=Activity.objects.counted().filter(campaign=campaign))
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    modes = [f"{MODE_PHRASES[Mode(key)]}{n}次" for key, n in work["by_mode"].items() if n]
    outlets = list(
        MediaReport.objects.counted()
        .filter(campaign=campaign)
        .order_by("published_on")
        .values_list("outlet", flat=True)
        .distinct()
    )
    reports = f["outputs"]["research_report"] + f["outputs"]["suggestion"]
    contacts = f["contacts"]

    paragraphs = [
        f"{month_span(campaign)}，省人大常委会联工委组织省级领导干部中的省人大代表开展了"
        f"“{campaign.title}”代表小组主题活动。{leaders['participated']}位省级领导干部代表参加了"
        f"主题活动（应参加{leaders['enrolled']}位），共开展活动{work['total']}次。"
        + (f"活动主题涉及{'、'.join(topics)}等方面。" if topics else ""),
        "在活动方式上，各位省级领导干部代表" + "，".join(modes) + "。" if modes else "",
        f"据统计，{leaders['enrolled']}名省级领导干部代表所在代表小组中的{members['total']}名代表"
        f"有{members['participated']}名参加了主题活动，参加率为{members['rate']}%。",
        *highlights(campaign),
        f"主题活动中，省级领导干部代表共帮助解决群众和基层反映的突出问题{f['problems']['resolved']}个，"
        f"指导形成调研报告或代表建议{reports}份。"
        f"全省各级人大代表走访联系群众{as_written(contacts['person_times'])}人次，"
        f"帮助群众解决问题{as_written(contacts['problems_solved'])}个，"
        f"落实帮扶物资或资金{as_written(contacts['aid_yuan'])}元。",
        *(extra.sentence for extra in campaign_extras(campaign)),
        f"委员会领导和相关处室全程参加了{work['accompanied_leaders']}位省级领导干部代表开展的主题活动。",
        f"{'、'.join(outlets)}等对主题活动进行了宣传报道。" if outlets else "",
    ]
    title = f"“{campaign.title}”代表小组主题活动取得明显成效"
    return title, "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def draft_bulletin(campaign, **fields):
    """A new draft issue about `campaign`, numbered after the last one; the editors,
    contact line, approval number and distribution carried over from the last issue."""
    today = timezone.localdate()
    number, total = Bulletin.objects.next_numbers(today.year)
    title, body = draft_text(campaign)
    last = Bulletin.objects.order_by("-total_number", "-revision").first()
    carried = {
        name: getattr(last, name, "")
        for name in ["editors", "contact_line", "approval_number", "distribution"]
    }
    return Bulletin.objects.create(
        year=today.year,
        number=number,
        total_number=total,
        date=today,
        title=title,
        body=body,
        campaign=campaign,
        **(carried | fields),
    )
