"""A deputy's archive 履职档案 for a period: every figure of it, and the records behind each.

`archives(representatives, start, end)` reads the archives of many deputies at once (a
group's members, a city's deputies) and `archive(representative, start, end)` one of them,
through the same queries: a fixed number whatever the deputies' histories or how many
they are, so the archive page, its print and Word files, the group's table and the
rankings say the same numbers. Only records that count (`counted()`: approved, see
activities/review.py) are read, as in every figure of the app.

The definitions, for a deputy D and a period [start, end] (dates included):
- **own activities**: the counted activities of the period of a group D was a member of on
  the activity's day (`overlap_q`). Each is `present`, `leave` or `absent` as D's
  attendance row says, or `unrecorded` when the checklist does not list D; D `took part`
  when present or leading it. `rate` = took part / own activities × 100 (activities/rates.py).
- **led**: counted activities of the period D led, whatever the group;
  **guest**: those D attended as a guest of another group (`Attendance.Status.GUEST`).
- **problems**: the counted problems raised at the activities of the period D took part
  in (present, guest or leading), by status.
- **suggestions**: the counted suggestions D put (lead 领衔 or seconder 附议) submitted in
  the period, with the class of each one's latest reply and its latest rating;
  `satisfaction_rate` = (satisfied + basically satisfied) / rated × 100.
- **outputs**: D's counted outputs dated in the period (an output without a date takes
  its activity's, or else its campaign's last day), those that mirror a suggestion left
  out: the suggestion stands for it.
- **campaigns**: those D was enrolled in whose period meets this one, and those D took
  part in (an activity of the campaign in the period).
- **duties** (archives.models.Duty): D's counted duties of the period, by kind.
- **points** (when the office keeps a table of points): each item above weighed by the
  table in force on the record's date; every line says its item, table, count, weight.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from activities.caching import kept
from activities.models import Activity, Attendance, Campaign, Output, Problem, took_part_where
from activities.rates import percentage
from representatives.models import PostHeld, overlap_q, post_on
from suggestions.models import Deputy, Rating, ReplyClass, Suggestion

from .models import Duty, Item, PointsTable, Weight

OWN_STATES = ("present", "leave", "absent", "unrecorded")
RATING_KEYS = {
    Rating.SATISFIED: "satisfied",
    Rating.BASICALLY_SATISFIED: "basically_satisfied",
    Rating.DISSATISFIED: "dissatisfied",
}


@dataclass
class ActivityLine:
    """One activity in a deputy's archive: of their own group (`own`), attended as a
    guest, or led elsewhere; `status` their attendance (None when unlisted)."""

    activity_id: int
    date: datetime.date
    campaign_id: int | None
    own: bool = False
    led: bool = False
    status: str | None = None
    activity: Activity | None = None  # the record, when the archive reads its records
    post: str = ""  # the post the deputy held on the day (时任)

    @property
    def took_part(self):
        return self.led or self.status in Attendance.TAKING_PART

    @property
    def own_state(self):
        """present / leave / absent / unrecorded, for an activity of the deputy's group."""
        if self.took_part:  # present, leading it, or (rarely) listed as a guest in it
            return "present"
        if self.status in (Attendance.Status.LEAVE, Attendance.Status.ABSENT):
            return self.status
        return "unrecorded"


@dataclass
class PointsLine:
    item: str
    table: PointsTable
    count: int
    weight: Decimal

    @property
    def points(self):
        return self.weight * self.count

    @property
    def label(self):
        return Item(self.item).label


@dataclass
class Archive:
    """One deputy's archive for a period: the figures (properties) and the records."""

    representative_id: int
    start: datetime.date
    end: datetime.date
    activities: list = field(default_factory=list)  # [ActivityLine], latest first
    problems: list = field(default_factory=list)  # [Problem]
    suggestions: list = field(default_factory=list)  # [(Suggestion, is_lead)]
    outputs: list = field(default_factory=list)  # [Output]
    campaigns_enrolled: list = field(default_factory=list)  # [Campaign]
    campaigns_taken_part: list = field(default_factory=list)  # [Campaign]
    duties: list = field(default_factory=list)  # [Duty]
    posts: list = field(default_factory=list)  # [PostHeld] held at some time of the period
    points: list | None = None  # [PointsLine], None when the office keeps no table

    # The group's activities 小组活动
    @property
    def own(self):
        return [line for line in self.activities if line.own]

    @property
    def own_counts(self):
        """{present, leave, absent, unrecorded}: the deputy's own groups' activities."""
        counts = Counter(line.own_state for line in self.own)
        return {state: counts[state] for state in OWN_STATES}

    @property
    def own_took_part(self):
        return sum(1 for line in self.own if line.took_part)

    @property
    def rate(self):
        return percentage(self.own_took_part, len(self.own))

    @property
    def led(self):
        return [line for line in self.activities if line.led]

    @property
    def guest(self):
        """Activities of other groups attended as a guest (one of the deputy's own groups'
        activities counts as attended, however the checklist listed them)."""
        return [
            line
            for line in self.activities
            if line.status == Attendance.Status.GUEST and not line.own
        ]

    @property
    def took_part(self):
        """Every activity the deputy took part in, own group's or not."""
        return [line for line in self.activities if line.took_part]

    # Problems 反映问题
    @property
    def problem_counts(self):
        counts = Counter(problem.status for problem in self.problems)
        return {status: counts[status] for status in Problem.Status.values}

    # Suggestions 建议意见
    @property
    def suggestions_led(self):
        return [suggestion for suggestion, is_lead in self.suggestions if is_lead]

    @property
    def suggestions_seconded(self):
        return [suggestion for suggestion, is_lead in self.suggestions if not is_lead]

    @property
    def reply_classes(self):
        counts = Counter(suggestion.latest_class for suggestion, _lead in self.suggestions)
        return {value: counts[value] for value in ReplyClass.values}

    @property
    def ratings(self):
        counts = Counter(suggestion.latest_rating for suggestion, _lead in self.suggestions)
        return {key: counts[value] for value, key in RATING_KEYS.items()}

    @property
    def satisfaction_rate(self):
        ratings = self.ratings
        content = ratings["satisfied"] + ratings["basically_satisfied"]
        return percentage(content, sum(ratings.values()))

    # Outputs 成果
    @property
    def output_counts(self):
        counts = Counter(output.kind for output in self.outputs)
        return {kind: counts[kind] for kind in Output.Kind.values}

    # Duties: meetings, inspections and research, training, reports to voters, commendations
    @property
    def duty_counts(self):
        counts = Counter(duty.kind for duty in self.duties)
        return {kind: counts[kind] for kind in Duty.Kind.values}

    def duties_of(self, part):
        return [duty for duty in self.duties if duty.kind in Duty.PARTS[part]]

    # Points 履职积分
    @property
    def points_total(self):
        return sum((line.points for line in self.points or ()), Decimal(0))

    def items(self):
        """[(item, date)]: every record the points weigh, by the item it counts as."""
        dated = [(Item.ATTENDED, line.date) for line in self.own if line.took_part]
        dated += [(Item.LED, line.date) for line in self.led]
        dated += [(Item.GUEST, line.date) for line in self.guest]
        for problem in self.problems:
            dated.append((Item.PROBLEM_RAISED, problem.activity.date))
            if problem.status == Problem.Status.RESOLVED:
                dated.append((Item.PROBLEM_RESOLVED, problem.activity.date))
        dated += [
            (Item.SUGGESTION_LED if lead else Item.SUGGESTION_SECONDED, suggestion.submitted_on)
            for suggestion, lead in self.suggestions
        ]
        dated += [(Item.OUTPUT, output.dated) for output in self.outputs]
        dated += [(Item(duty.kind), duty.date) for duty in self.duties]
        return dated

    def post_on(self, day):
        """The post the deputy held on `day` (时任), or "" when the records hold none."""
        return post_on(self.posts, day)


def archive(representative, start, end):
    """The archive of one deputy (a Representative or its key) from `start` to `end`."""
    key = getattr(representative, "pk", representative)
    return archives([key], start, end)[key]


@kept
def archives(representatives, start, end, *, records=True):
    """{key: Archive} of `representatives` (Representatives or their keys) from `start`
    to `end`, in a fixed number of queries. `records=False` reads only what the figures
    need (a table of many deputies): the activities as lines without their records."""
    keys = [getattr(representative, "pk", representative) for representative in representatives]
    found = {key: Archive(key, start, end) for key in keys}
    if not keys:
        return found
    _read_activities(found, keys, start, end, records)
    _read_problems(found, keys, start, end)
    _read_suggestions(found, keys, start, end)
    _read_outputs(found, keys, start, end)
    _read_campaigns(found, keys, start, end)
    _read_duties(found, keys, start, end)
    _read_posts(found, keys, start, end)
    _weigh(found, end)
    return found


def _read_activities(found, keys, start, end, records):
    counted = Activity.counts_when("activity__")
    in_period = {"activity__date__range": (start, end)}
    lines = {}  # (deputy, activity) → ActivityLine

    def line(deputy, activity, day, campaign):
        if (deputy, activity) not in lines:
            lines[deputy, activity] = ActivityLine(activity, day, campaign)
        return lines[deputy, activity]

    # The activities of a group the deputy was a member of on the day: one membership
    # row meets the activity's group and day (one filter(), so one join).
    own = Activity.groups.through.objects.filter(
        counted,
        overlap_q(F("activity__date"), F("activity__date"), "group__memberships"),
        group__memberships__representative__in=keys,
        **in_period,
    )
    attendance = Attendance.objects.filter(counted, representative__in=keys, **in_period)
    led = Activity.leaders.through.objects.filter(counted, representative__in=keys, **in_period)
    fields = ("activity", "activity__date", "activity__campaign")
    for deputy, *read in own.values_list("group__memberships__representative", *fields):
        line(deputy, *read).own = True
    for deputy, *read, status in attendance.values_list("representative", *fields, "status"):
        line(deputy, *read).status = status
    for deputy, *read in led.values_list("representative", *fields):
        line(deputy, *read).led = True
    if records:
        where = _keys_or(
            {activity for _deputy, activity in lines},
            Exists(own.filter(activity=OuterRef("pk")))
            | Exists(attendance.filter(activity=OuterRef("pk")))
            | Exists(led.filter(activity=OuterRef("pk"))),
        )
        read = {a.pk: a for a in Activity.objects.filter(where).select_related("campaign")}
        for (_deputy, activity), each in lines.items():
            each.activity = read[activity]
    for (deputy, _activity), each in lines.items():
        found[deputy].activities.append(each)
    for each in found.values():
        each.activities.sort(key=lambda line: (line.date, line.activity_id), reverse=True)


# Up to this many keys, a query names the records already found by their keys: an index
# lookup each, where the semi-join below had PostgreSQL scan a year of activities. Past
# it (an area's thousands of deputies) the query says again how they were found: the keys
# would pass SQLite's limit of parameters (32,766).
KEYS_NAMED = 5000


def _keys_or(keys, condition, field="pk"):
    """A Q: the records of `keys` (the values of `field` already read), which are those
    `condition` selects."""
    if not keys:  # none: a query that finds none, still run (as many queries whatever found)
        return Q(**{f"{field}__isnull": True})
    if len(keys) <= KEYS_NAMED:
        return Q(**{f"{field}__in": sorted(keys)})
    return condition


def _read_problems(found, keys, start, end):
    """The problems raised at the activities each deputy took part in (one query)."""
    took_part = defaultdict(set)
    for deputy, each in found.items():
        for line in each.took_part:
            took_part[line.activity_id].add(deputy)
    at_the_activity = {"activity": OuterRef("activity"), "representative__in": keys}
    attended = Attendance.objects.taking_part().filter(**at_the_activity)
    led = Activity.leaders.through.objects.filter(**at_the_activity)
    problems = (
        Problem.objects.counted()
        .filter(
            _keys_or(set(took_part), Exists(attended) | Exists(led), field="activity"),
            activity__date__range=(start, end),
        )
        .select_related("activity", "department")
        .order_by("-activity__date", "-pk")
    )
    for problem in problems:
        for deputy in sorted(took_part[problem.activity_id]):
            found[deputy].problems.append(problem)


def _linked(through, name, keys, records):
    """[(deputy, record)] of `records` linked to the deputies `keys` by the `through` table
    of the many-to-many `name` (two queries: the links, and the records)."""
    links = through.objects.filter(representative__in=keys, **{f"{name}__in": records.values("pk")})
    pairs = list(links.values_list("representative", name))
    mine = records.filter(
        _keys_or(
            {record for _deputy, record in pairs}, Exists(links.filter(**{name: OuterRef("pk")}))
        )
    )
    read = {record.pk: record for record in mine}
    return [(deputy, read[record]) for deputy, record in pairs]


def _read_suggestions(found, keys, start, end):
    put = Suggestion.objects.counted().filter(submitted_on__range=(start, end))
    rows = Deputy.objects.filter(representative__in=keys, suggestion__in=put.values("pk"))
    rows = list(rows.values_list("representative", "suggestion", "is_lead"))
    mine = put.filter(
        _keys_or(
            {suggestion for _deputy, suggestion, _lead in rows},
            Exists(Deputy.objects.filter(suggestion=OuterRef("pk"), representative__in=keys)),
        )
    )
    read = {s.pk: s for s in mine.with_latest().select_related("lead_unit")}
    for deputy, suggestion, is_lead in rows:
        found[deputy].suggestions.append((read[suggestion], is_lead))
    for each in found.values():
        each.suggestions.sort(key=lambda pair: (pair[0].submitted_on, pair[0].pk), reverse=True)


def _read_outputs(found, keys, start, end):
    outputs = (
        Output.objects.counted()
        .annotate(dated=Coalesce("date", "activity__date", "campaign__end"))
        .filter(dated__range=(start, end))
        .exclude(Exists(Suggestion.objects.filter(output=OuterRef("pk"))))
        .select_related("campaign", "activity")
    )
    for deputy, output in _linked(Output.representatives.through, "output", keys, outputs):
        found[deputy].outputs.append(output)
    for each in found.values():
        each.outputs.sort(key=lambda output: (output.dated, output.pk), reverse=True)


def _read_campaigns(found, keys, start, end):
    meeting = Campaign.objects.filter(start__lte=end, end__gte=start)
    taken_part = {
        (deputy, line.campaign_id)
        for deputy, each in found.items()
        for line in each.took_part
        if line.campaign_id
    }
    enrolled = _linked(Campaign.leaders.through, "campaign", keys, meeting.order_by("start"))
    for deputy, campaign in sorted(enrolled, key=lambda pair: pair[1].start):
        found[deputy].campaigns_enrolled.append(campaign)
    # Those taken part in: the campaigns of the activities read above (one query).
    took_part = took_part_where(
        representative__in=keys,
        activity__campaign=OuterRef("pk"),
        activity__date__range=(start, end),
    )
    read = {campaign.pk: campaign for campaign in Campaign.objects.filter(took_part)}
    for deputy, campaign in sorted(taken_part, key=lambda pair: read[pair[1]].start):
        found[deputy].campaigns_taken_part.append(read[campaign])


def _read_duties(found, keys, start, end):
    duties = Duty.objects.counted().filter(date__range=(start, end))
    for deputy, duty in _linked(Duty.representatives.through, "duty", keys, duties):
        found[deputy].duties.append(duty)
    for each in found.values():
        each.duties.sort(key=lambda duty: (duty.date, duty.pk), reverse=True)


def _read_posts(found, keys, start, end):
    held = PostHeld.objects.filter(representative__in=keys).held_during(start, end)
    for post in held.order_by(F("started_on").asc(nulls_first=True)):
        found[post.representative_id].posts.append(post)
    for each in found.values():
        for line in each.activities:
            line.post = each.post_on(line.date)


def _weigh(found, end):
    """Each archive's points, by the tables in force on its records' dates (two queries:
    the tables and their weights), or None everywhere when the office keeps no table."""
    tables = list(PointsTable.objects.filter(valid_from__lte=end).order_by("valid_from"))
    weights = defaultdict(dict)
    for weight in Weight.objects.filter(table__valid_from__lte=end):
        weights[weight.table_id][weight.item] = weight.points
    if not tables:
        return
    order = list(Item.values)
    for each in found.values():
        counts = Counter()
        for item, day in each.items():
            table = _in_force(tables, day)
            if table is not None:
                counts[item, table] += 1
        each.points = [
            PointsLine(item, table, count, weights[table.pk].get(item, Decimal(0)))
            for (item, table), count in sorted(
                counts.items(), key=lambda pair: (pair[0][1].valid_from, order.index(pair[0][0]))
            )
        ]


def _in_force(tables, day):
    """The table in force on `day` among `tables` (oldest first), or None before the first."""
    in_force = None
    for table in tables:
        if table.valid_from <= day:
            in_force = table
    return in_force
