"""Drafting the bulletin 联络动态 from a campaign's records.

The draft is an article in the office's shape: a lead, then sections each run in with its
heading (how the leaders took part, what the groups did, the problems solved, the
results, the organisation and publicity), as the office set them (`article.Templates`).
Every sentence is one of the office's templates filled with figures from
`campaign_figures` (the report contract) or with what the records hold; a sentence whose
figures are nought or missing is left out. People are named as the office names them: by
the post they held on the day at their first mention, by name after
(`representatives.protocol.titled`). The editor then edits the text freely: the draft is
a start, not the issue.
"""

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone

from activities.figures import campaign_extras, campaign_figures
from activities.models import Activity, Attendance, Department, MediaReport, Mode, Problem, Topic
from activities.numbers import as_written
from representatives.protocol import Mentions, Protocol

from .article import MODE_SENTENCES, Templates
from .models import Bulletin, Outlet

# The words naming each mode in the sentence of the activities by mode, as shipped
# (the number check names the figures of the modes by them).
MODE_PHRASES = {mode: text.partition("{n}")[0] for mode, text in MODE_SENTENCES.items()}
# Examples of how the leaders took part, in the order the article gives them.
EXAMPLES = ["contact_point", "joint_groups", "guests"]
MANY_DEPARTMENTS = 6  # more invited than this: the most invited five are named, "等N个"
ENDS_A_SENTENCE = "。！？：；"


def month_span(campaign):
    start, end = campaign.start, campaign.end
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月"
    return f"{start.year}年{start.month}月至{end.year}年{end.month}月"


def outlets_in_order(campaign):
    """The outlets that reported on `campaign`, as the office lists them: those it put in
    order (`Outlet`) first, in that order; then papers, television, websites, journals;
    then the most reports, the earliest first."""
    reported = (
        MediaReport.objects.counted()
        .filter(campaign=campaign)
        .values("outlet")
        .annotate(n=Count("pk"), first=Min("published_on"))
    )
    placed = dict(Outlet.objects.values_list("name", "position"))
    kinds = [("报",), ("卫视", "电视", "广播", "台"), ("网",), ("《", "杂志", "刊")]

    def kind(name):
        return next((i for i, marks in enumerate(kinds) if any(m in name for m in marks)), 4)

    def order(row):
        name = row["outlet"]
        return (name not in placed, placed.get(name, 0), kind(name), -row["n"], row["first"])

    return [row["outlet"] for row in sorted(reported, key=order)]


def action_of(problem):
    """(the action's template key, its values) for a highlighted problem: its verb from
    the outcome when that says it (推动…, 帮助…), else from its status; a title ending in
    落地 is a project brought to the ground."""
    title = problem.title.strip()
    if title.endswith("落地"):
        return "action.landing", {"project": title.removesuffix("落地")}
    named = title if title.endswith("问题") else f"{title}问题"
    outcome = problem.outcome
    if "推动" in outcome:
        verb = "pushed"
    elif "帮助" in outcome or problem.status == Problem.Status.RESOLVED:
        verb = "helped"
    elif problem.status == Problem.Status.IN_PROGRESS:
        verb = "pushed"
    else:
        verb = "noted"
    return f"action.{verb}", {"problem": named}


def says_more(outcome):
    """Whether an outcome says more than the action's verb: not when it only says the
    problem was solved or landed (推动有关问题解决, 相关问题已协调解决), unless with a figure."""
    outcome = outcome.strip().rstrip("。")
    if not outcome:
        return False
    return any(c.isdigit() for c in outcome) or not outcome.endswith(("解决", "落地"))


class Article:
    """The article about one campaign, written from its figures, its records and the
    office's templates: `title()` and `body()`."""

    def __init__(self, campaign, figures, templates):
        self.campaign, self.f, self.templates = campaign, figures, templates
        self.names = Mentions()
        self.protocol, self.today = Protocol(), timezone.localdate()
        self.activities = Activity.objects.counted().filter(campaign=campaign)
        # The activities the article may tell of, with their leaders, groups and
        # highlighted problems: the examples' kinds, and those with a highlight.
        highlighted = Problem.objects.counted().filter(is_highlight=True).order_by("pk")
        guests = Count("attendance", filter=Q(attendance__status=Attendance.Status.GUEST))
        self.told = list(
            self.activities.annotate(n_guests=guests)
            .filter(
                Q(mode__in=[Mode.CONTACT_POINT, Mode.JOINT_GROUPS])
                | Q(n_guests__gt=0)
                | Q(Exists(highlighted.filter(activity=OuterRef("pk"))))
            )
            .prefetch_related(
                "leaders__posts",
                "groups",
                Prefetch("problems", highlighted, to_attr="highlighted"),
            )
            .order_by("date", "pk")
        )
        # The protocol order of every leader the article may name, to rank its examples
        # and highlights as the office does (the highest post first).
        mentioned = {leader.pk: leader for a in self.told for leader in a.leaders.all()}
        period = (campaign.start, campaign.end)
        ranked = self.protocol.titled(mentioned.values(), period) if mentioned else []
        self.rank = {person.representative.pk: i for i, person in enumerate(ranked)}
        self.told.sort(key=self.first_rank)  # stable: by date within a leader's rank

    def people_at(self, activity):
        """The leaders of `activity`, each with the post held on its day, in protocol
        order (their posts came with them: no query)."""
        return self.protocol.titled(activity.leaders.all(), activity.date, now=self.today)

    def first_rank(self, activity):
        return min((self.rank[leader.pk] for leader in activity.leaders.all()), default=10**6)

    def write(self, key, **values):
        return self.templates.write(key, values)

    def title(self):
        return self.write("title", campaign=self.campaign.title, period=month_span(self.campaign))

    def body(self):
        paragraphs = []
        for key, heading in self.templates.sections:
            sentences = [s for s in getattr(self, f"section_{key}")() if s]
            if not sentences:
                continue
            heading = heading.strip()
            if heading and not heading.endswith(tuple(ENDS_A_SENTENCE)):
                heading += "。"
            paragraphs.append(heading + "".join(sentences))
        return "\n\n".join(paragraphs)

    # --- the sections, each a list of sentences (a "" is left out) ---------------

    def section_lead(self):
        f = self.f
        topics = list(
            Topic.objects.filter(activities__in=self.activities)
            .annotate(n=Count("activities"))
            .order_by("-n", "name")
            .values_list("name", flat=True)
        )
        return [
            self.write(
                "lead.opening", period=month_span(self.campaign), campaign=self.campaign.title
            ),
            self.write(
                "lead.taking_part",
                leaders_participated=f["leaders"]["participated"],
                leaders_enrolled=f["leaders"]["enrolled"],
            ),
            self.write("lead.topics", topics="、".join(topics)) if topics else "",
        ]

    def section_leaders(self):
        by_mode = {key: n for key, n in self.f["activities"]["by_mode"].items() if n}
        modes = "，".join(self.write(f"mode.{key}", n=n) for key, n in by_mode.items())
        sentences = [self.write("leaders.modes", modes=modes) if by_mode else ""]
        sentences += self.examples()
        if len(by_mode) > 1:
            sentences.append(self.write("leaders.closing"))
        return sentences

    def examples(self):
        """One example of each way the data shows (a leader at a grassroots contact
        point, a joint research visit, deputies of other groups invited along): the
        activity of the highest-ranked leader not yet given as an example (of guests, the
        one that invited the most)."""
        kinds = {
            "contact_point": lambda a: a.mode == Mode.CONTACT_POINT,
            "joint_groups": lambda a: a.mode == Mode.JOINT_GROUPS,
            "guests": lambda a: a.n_guests > 0,
        }
        used, sentences = set(), []
        for kind in EXAMPLES:
            fits = [a for a in self.told if kinds[kind](a) and a.leaders.all()]
            if kind == "guests":  # the best example invited the most (stable: by rank)
                fits.sort(key=lambda a: -a.n_guests)
            activity = next((a for a in fits if not used & self.leader_pks(a)), None)
            activity = activity or next(iter(fits), None)
            if activity is None:
                continue
            used |= self.leader_pks(activity)
            sentences.append(
                self.write(
                    f"leaders.{kind}",
                    leader=self.names(self.people_at(activity)),
                    place=self.place(activity),
                    group=self.group(activity),
                    guests=activity.n_guests,
                )
            )
        return sentences

    def section_groups(self):
        f = self.f
        members = f["group_members"]
        departments = list(
            Department.objects.filter(activities__in=self.activities)
            .annotate(n=Count("activities"))
            .order_by("-n", "name")
            .values_list("name", flat=True)
        )
        named = departments if len(departments) <= MANY_DEPARTMENTS else departments[:5]
        return [
            self.write(
                "groups.members",
                leaders_enrolled=f["leaders"]["enrolled"],
                members=members["total"],
                members_participated=members["participated"],
                rate=members["rate"],
            )
            if members["total"]
            else "",
            self.write("groups.work", activities=f["activities"]["total"])
            if f["activities"]["total"]
            else "",
            self.write(
                "groups.departments",
                departments="、".join(named),
                n_departments=len(departments),
            )
            if departments
            else "",
        ]

    def section_problems(self):
        problems = self.f["problems"]
        sentences = [
            self.write("problems.raised", problems_total=problems["total"])
            if problems["total"]
            else ""
        ]
        sentences += [self.highlight(activity) for activity in self.told if activity.highlighted]
        for key in ("resolved", "in_progress"):
            if problems[key]:
                sentences.append(
                    self.write(
                        f"problems.{key}", **{key: problems[key]}, problems_total=problems["total"]
                    )
                )
        return sentences

    def highlight(self, activity):
        """One sentence of an activity's highlighted problems: who went where, what came
        of each problem (its verb, its outcome when that says more)."""
        actions = []
        for problem in activity.highlighted:
            key, words = action_of(problem)
            action = self.write(key, **words)
            if says_more(problem.outcome):
                outcome = problem.outcome.strip().rstrip("。")
                action = self.write("action.outcome", action=action, outcome=outcome)
            actions.append(action)
        place = self.place(activity)
        return self.write(
            "problems.highlight",
            leader=self.names(self.people_at(activity)) or "代表们",
            visit=self.write(f"visit.{activity.mode}", place=place),
            actions="，".join(actions),
            place=place,
        )

    def section_results(self):
        outputs, contacts = self.f["outputs"], self.f["contacts"]
        reports = outputs["research_report"] + outputs["suggestion"]
        return [
            self.write("results.outputs", reports=reports) if reports else "",
            *(extra.sentence for extra in campaign_extras(self.campaign)),
            self.write(
                "results.contacts",
                person_times=as_written(contacts["person_times"]),
                problems_solved=as_written(contacts["problems_solved"]),
                aid_yuan=as_written(contacts["aid_yuan"]),
            )
            if any(contacts.values())
            else "",
        ]

    def section_publicity(self):
        accompanied = self.f["activities"]["accompanied_leaders"]
        outlets = outlets_in_order(self.campaign)
        return [
            self.write("publicity.accompanied", accompanied=accompanied) if accompanied else "",
            self.write("publicity.outlets", outlets="、".join(outlets)) if outlets else "",
        ]

    # --- what the records say of an activity --------------------------------------

    @staticmethod
    def leader_pks(activity):
        return {leader.pk for leader in activity.leaders.all()}

    @staticmethod
    def place(activity):
        return activity.place or "基层"

    @staticmethod
    def group(activity):
        groups = activity.groups.all()
        return groups[0].name if groups else "代表小组"


def draft_text(campaign, figures=None, templates=None):
    """(title, body) of the article about `campaign`, from its figures (`figures`, its
    `campaign_figures` when the caller has them), its records and the office's templates
    (`templates`: those stored, when not given, as the preview gives the edited ones)."""
    article = Article(
        campaign, figures or campaign_figures(campaign), templates or Templates.stored()
    )
    return article.title(), article.body()


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
