"""A made-up office of a given size, written through the app's models (`generate_data`).

For measuring (benchmarks/, docs/PERFORMANCE.md), not for demonstrating: the demo
(`load_demo`) is a small office a person reads; this is a county's, a city's or a
province's year of work — or a province's five-year term — to time the pages on. What it
writes keeps the rules the app keeps (one lead deputy a suggestion, its deadline per
suggestions/deadlines.py, a problem's history ending in its status, attendance of the
members of an activity's groups on its day or of guests …): `violations()` checks them.

The same seed gives the same office, row for row, on an empty database: one
`random.Random(seed)` draws everything, in a fixed order, and no value depends on the
clock. Rows go in in batches, so nothing is written to the history (bulk writes are not
recorded, as for `load_demo`), and all of it in one transaction: on PostgreSQL with COPY
(`copy_rows`; a term is some 14 million rows, more than half of them attendance), on
SQLite with `bulk_create`.
"""

import datetime
import io
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Count, Exists, OuterRef, Q

from activities.models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Mode,
    Output,
    Problem,
    StatusChange,
    Topic,
)
from activities.review import Review
from archives.models import Duty
from lianluo.bulk import copy_text
from representatives.divisions import find_province, load_divisions
from representatives.models import (
    Area,
    Group,
    Mandate,
    Membership,
    PostHeld,
    Representative,
    Term,
    overlap_q,
)
from representatives.pinyin import pinyin_initials
from suggestions.models import (
    Deputy,
    Rating,
    ReplyClass,
    Step,
    Suggestion,
    cycle_of_a_ledger_row,
)

TZ = ZoneInfo("Asia/Shanghai")
LAST_YEAR = 2025  # the last whole year of the data


@dataclass(frozen=True)
class Scale:
    deputies: int
    groups: int
    activities: int  # a year
    years: int
    office: str  # whose office: "county", "city" or "province"


SCALES = {
    "county": Scale(2_000, 150, 2_000, 1, "county"),
    "city": Scale(12_000, 900, 12_000, 1, "city"),
    "province": Scale(130_000, 10_000, 120_000, 1, "province"),
    "term": Scale(130_000, 10_000, 120_000, 5, "province"),
}
# For the test suite: a county's shape, a few seconds' worth of it.
HIDDEN_SCALES = {"tiny": Scale(160, 12, 80, 1, "county")}

# The office's own area (GB/T 2260): 长沙县 for a county, 长沙市 for a city.
OFFICE_CODE = {"county": "430121", "city": "430100", "province": "430000"}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红德清湘岳伶俐文武海波春燕松柏"
ETHNICITIES = ["汉族"] * 16 + ["土家族", "苗族", "侗族", "瑶族"]
PARTIES = ["中共党员"] * 7 + ["群众", "群众", "民盟盟员", "九三学社社员", "致公党党员"]
POSTS = [
    "村党支部书记",
    "村委会主任",
    "社区居委会主任",
    "乡镇卫生院院长",
    "中学校长",
    "农业合作社理事长",
    "公司董事长",
    "公司总经理",
    "医院主任医师",
    "律师事务所主任",
    "小学教师",
    "种粮大户",
    "乡镇党委书记",
    "县人民医院院长",
    "企业职工",
]
LEADER_POSTS = ["省人大常委会副主任", "副省长", "省政协副主席", "省委常委", "省人大常委会秘书长"]
TOPICS = [
    "乡村振兴",
    "教育",
    "医疗卫生",
    "生态环境",
    "交通",
    "养老",
    "就业",
    "安全生产",
    "营商环境",
    "基层治理",
]
DEPARTMENTS = [
    "省教育厅",
    "省卫生健康委",
    "省生态环境厅",
    "省交通运输厅",
    "省民政厅",
    "省人力资源社会保障厅",
    "省应急管理厅",
    "省农业农村厅",
    "省住房城乡建设厅",
    "省发展改革委",
    "省财政厅",
    "省水利厅",
]
ACTIVITY_TITLES = [
    "进站接待选民",
    "走访困难群众",
    "视察乡村道路建设",
    "调研基层医疗服务",
    "座谈优化营商环境",
    "察看农村饮水安全",
    "督促安全生产整改",
    "听取学校办学情况",
    "调研养老服务",
    "开展“代表接待日”活动",
]
PLACES = ["代表联络站", "村委会", "社区服务中心", "乡镇卫生院", "中心学校", "产业园"]
PROBLEM_TITLES = [
    "村道破损需维修",
    "饮水管网老化",
    "卫生院缺少医生",
    "学校校车不足",
    "养老院床位紧张",
    "农田灌溉渠堵塞",
    "路灯损坏",
    "集贸市场排水不畅",
    "小区加装电梯难",
    "乡村公交班次少",
]
LEAVE_REASONS = ["因公出差", "身体不适", "参加培训", "家中有事"]
OUTLETS = ["湖南日报", "湖南卫视", "红网", "人民代表报"]
# (level, number, start, end): the terms the mandates name; the current last.
TERMS = {
    Mandate.Level.NATIONAL: [(13, "2018-03-05", "2023-03-04"), (14, "2023-03-05", None)],
    Mandate.Level.PROVINCIAL: [(13, "2018-01-26", "2023-01-12"), (14, "2023-01-13", None)],
    Mandate.Level.CITY: [(16, "2016-12-20", "2021-12-19"), (17, "2021-12-20", None)],
    Mandate.Level.COUNTY: [(17, "2016-11-25", "2021-11-24"), (18, "2021-11-25", None)],
    Mandate.Level.TOWNSHIP: [(18, "2016-11-20", "2021-11-19"), (19, "2021-11-20", None)],
}
# The share of a scale's deputies elected at each level, first mandate.
LEVELS = {
    "county": [("county", 60), ("township", 25), ("city", 10), ("provincial", 4), ("national", 1)],
    "city": [("city", 35), ("county", 40), ("township", 15), ("provincial", 8), ("national", 2)],
    "province": [
        ("provincial", 6),
        ("city", 17),
        ("county", 35),
        ("township", 40),
        ("national", 2),
    ],
}
MODES = [
    (Mode.OWN_GROUP, 50),
    (Mode.OWN_UNIT, 10),
    (Mode.JOINT_GROUPS, 10),
    (Mode.CONTACT_POINT, 20),
    (Mode.CROSS_GROUP, 5),
    (Mode.OTHER, 5),
]
PROBLEM_STATUSES = [
    (Problem.Status.OPEN, 20),
    (Problem.Status.IN_PROGRESS, 25),
    (Problem.Status.RESOLVED, 45),
    (Problem.Status.UNRESOLVABLE, 10),
]
# The review states of the records of a year's last two months, in turn: a third not yet
# approved, as an office's queue holds at a year's end.
LATE_STATES = [Review.APPROVED, Review.SUBMITTED, Review.APPROVED, Review.RETURNED, Review.APPROVED,
               Review.SUBMITTED, Review.DRAFT, Review.APPROVED, Review.APPROVED]  # fmt: skip
BATCH = 2_000  # activities a batch (with their attendance, problems …)


def day(text):
    return datetime.date.fromisoformat(text)


def at(date, hour=20, minute=0):
    """A fixed time of `date` in Shanghai: what a clock would have said, drawn, not read."""
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=TZ)


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


class Writer:
    """Writes records in batches and counts them; on a dry run counts only, giving each
    record a key of its own as the database would, so the draws are those of a real run.
    `copy`: write with COPY (`copy_rows`) rather than `bulk_create`; PostgreSQL only."""

    def __init__(self, dry_run, copy=False):
        self.dry_run, self.copy = dry_run, copy
        self.counts = Counter()
        self._keys = Counter()

    def create(self, model, records, batch_size=5_000):
        records = list(records)
        if self.dry_run:
            for record in records:
                if record.pk is None:
                    self._keys[model] += 1
                    record.pk = self._keys[model]
        elif records and self.copy and copyable(model):
            for first in range(0, len(records), batch_size):
                copy_rows(model, records[first : first + batch_size])
        elif records:
            model.objects.bulk_create(records, batch_size=batch_size)
        self.counts[model._meta.label] += len(records)
        return records


def copyable(model):
    """Whether `copy_rows` writes rows of `model`: its key is one the database numbers."""
    return isinstance(model._meta.pk, models.AutoField)


def copy_rows(model, records):
    """Write `records` with PostgreSQL's COPY, as `bulk_create` would with INSERT: the same
    values (each field's `pre_save` and database form), keys taken from the table's own
    sequence in one query and set on the records, so that rows written later can point
    at them."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.generated]
    for record in records:
        record._prepare_related_fields_for_save(operation_name="bulk_create")
    without_key = [record for record in records if record.pk is None]
    with connection.cursor() as cursor:
        if without_key:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(without_key)],
            )
            for record, (key,) in zip(without_key, cursor.fetchall(), strict=True):
                record.pk = key
        buffer = io.StringIO()
        for record in records:
            buffer.write(
                "\t".join(
                    copy_text(field.get_db_prep_save(field.pre_save(record, True), connection))
                    for field in fields
                )
            )
            buffer.write("\n")
            record._state.adding = False
            record._state.db = connection.alias
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def is_empty():
    """Whether the database holds no office yet (areas alone may be there: load_areas)."""
    return not any(
        model.objects.exists() for model in (Representative, Group, Activity, Campaign, Term)
    )


def generate(scale, seed=1, *, dry_run=False, today=None, copy=None):
    """Write the office of `scale` (a key of SCALES or HIDDEN_SCALES) drawn with `seed`;
    return {model label: rows written (or, on a dry run, that would be)}. `copy`: write
    with COPY; by default on PostgreSQL, where it takes half the time of INSERT."""
    size = {**SCALES, **HIDDEN_SCALES}[scale]
    if copy is None:
        copy = connection.vendor == "postgresql"
    with transaction.atomic():
        writer = Writer(dry_run, copy)
        Office(size, random.Random(seed), writer, today or datetime.date.today()).build()
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return dict(sorted(writer.counts.items()))


class Office:
    def __init__(self, size, rng, writer, today):
        self.size, self.rng, self.writer, self.today = size, rng, writer, today
        self.years = list(range(LAST_YEAR - size.years + 1, LAST_YEAR + 1))
        self.refs = Counter()
        self.late = 0  # records of a year's last two months so far (review_state)

    def ref(self, prefix):
        self.refs[prefix] += 1
        return f"{prefix}-{self.refs[prefix]:06d}"

    def build(self):
        self.areas()
        self.people_and_terms()
        self.groups_and_memberships()
        self.lists()
        for year in self.years:
            self.year(year)

    # The roster -------------------------------------------------------------------

    def areas(self):
        loaded = load_divisions(find_province("430000"), dry_run=self.writer.dry_run)
        if self.writer.dry_run:
            areas = loaded.created + loaded.coded + loaded.unchanged + loaded.kept
            self.writer.create(Area, [area for area in areas if area.pk is None])
        else:
            self.writer.counts[Area._meta.label] += len(loaded.created)
            areas = list(Area.objects.all())
        by_code = {area.code: area for area in areas if area.code}
        self.province = by_code["430000"]
        office = by_code[OFFICE_CODE[self.size.office]]
        counties = sorted(
            (area for area in areas if area.kind == Area.Kind.COUNTY), key=lambda a: a.code
        )
        cities = sorted((a for a in areas if a.kind == Area.Kind.CITY), key=lambda a: a.code)
        if self.size.office == "county":
            self.units = [office]
        elif self.size.office == "city":
            self.units = [a for a in counties if a.parent_id == office.pk] or [office]
        else:
            self.units = counties
        self.city_of = {a.pk: a.parent_id for a in counties}
        self.cities = cities

    def name(self):
        rng = self.rng
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        return rng.choice(SURNAMES) + given

    def people_and_terms(self):
        rng, size = self.rng, self.size
        self.writer.create(
            Term,
            [
                Term(
                    level=level,
                    number=number,
                    started_on=day(start),
                    ended_on=day(end) if end else None,
                )
                for level, terms in TERMS.items()
                for number, start, end in terms
            ],
        )
        initials = {}
        people, posts = [], []
        n_leaders = max(3, size.deputies // 260)
        leaders = set(rng.sample(range(size.deputies), n_leaders))
        for i in range(size.deputies):
            name = self.name()
            if name not in initials:
                initials[name] = pinyin_initials(name)
            leader = i in leaders
            title = rng.choice(LEADER_POSTS if leader else POSTS)
            person = Representative(
                code=f"43{i + 1:08d}",
                name=name,
                initials=initials[name],
                gender=rng.choice(["male", "female"]),
                ethnicity=rng.choice(ETHNICITIES),
                party=rng.choice(PARTIES),
                post=title,
                is_provincial_leader=leader,
            )
            people.append(person)
            started = day("2016-01-01") + datetime.timedelta(days=rng.randrange(2900))
            if rng.random() < 0.4:
                before = started - datetime.timedelta(days=rng.randrange(400, 1500))
                ended = started - datetime.timedelta(days=1)
                posts.append((i, rng.choice(POSTS), before, ended))
            posts.append((i, title, started, None))
        self.people = self.writer.create(Representative, people)
        self.leaders = sorted(leaders)
        self.writer.create(
            PostHeld,
            (
                PostHeld(representative_id=self.people[i].pk, title=t, started_on=s, ended_on=e)
                for i, t, s, e in posts
            ),
        )

    def groups_and_memberships(self):
        rng, size, people = self.rng, self.size, self.people
        per_area = Counter()
        groups = []
        named = Counter(area.name for area in self.units)
        for g in range(size.groups):
            area = self.units[g % len(self.units)]
            per_area[area.pk] += 1
            place = area.name if named[area.name] == 1 else f"{area.parent.name}{area.name}"
            groups.append(Group(name=f"{place}第{per_area[area.pk]}代表小组", area=area))
        self.groups = self.writer.create(Group, groups)
        self.groups_of_area = defaultdict(list)
        for g, group in enumerate(self.groups):
            self.groups_of_area[group.area_id].append(g)
        first = day(f"{self.years[0]}-01-01")
        last = day(f"{LAST_YEAR}-12-31")
        span = (last - first).days
        rows = []  # (person, group, joined, left)
        home = []
        for i in range(len(people)):
            g = i * size.groups // len(people)
            home.append(g)
            joined = None if rng.random() < 0.7 else first - datetime.timedelta(rng.randrange(900))
            if rng.random() < 0.05:  # moved to another group of the area during the period
                moved = first + datetime.timedelta(days=rng.randrange(30, span - 30))
                rows.append((i, g, joined, moved - datetime.timedelta(days=1)))
                others = self.groups_of_area[self.groups[g].area_id]
                other = rng.choice(others)
                if other != g:
                    rows.append((i, other, moved, None))
                continue
            rows.append((i, g, joined, None))
            if rng.random() < 0.06:  # a second group, joined during the period
                others = self.groups_of_area[self.groups[g].area_id]
                other = rng.choice(others)
                if other != g:
                    since = first + datetime.timedelta(days=rng.randrange(span))
                    rows.append((i, other, since, None))
        self.home = home
        self.members = defaultdict(list)  # group index → [(person, joined, left)]
        convened = set()
        memberships = []
        for i, g, joined, left in rows:
            convener = left is None and g not in convened
            if convener:
                convened.add(g)
            self.members[g].append((i, joined, left))
            memberships.append(
                Membership(
                    representative_id=people[i].pk,
                    group_id=self.groups[g].pk,
                    joined_on=joined,
                    left_on=left,
                    is_convener=convener,
                )
            )
        self.writer.create(Membership, memberships)
        mandates = []
        level_shares = LEVELS[self.size.office]
        for i, person in enumerate(people):
            area = self.groups[home[i]].area
            level = "provincial" if person.is_provincial_leader else weighted(rng, level_shares)
            levels = [level]
            if rng.random() < 0.15:
                levels.append(weighted(rng, level_shares))
            for k, level in enumerate(dict.fromkeys(levels)):
                unit = self.unit_of(area, level)
                terms = TERMS[level]
                mandates.append(
                    Mandate(
                        representative_id=person.pk,
                        level=level,
                        term=terms[-1][0],
                        electoral_unit=unit,
                    )
                )
                if k == 0 and rng.random() < 0.35:  # re-elected: the term before too
                    mandates.append(
                        Mandate(
                            representative_id=person.pk,
                            level=level,
                            term=terms[-2][0],
                            electoral_unit=unit,
                        )
                    )
        self.writer.create(Mandate, mandates)

    def unit_of(self, area, level):
        """The electoral unit of a mandate at `level` of someone in a group of `area`."""
        if level == "national":
            return self.province
        if level == "provincial" and area.kind == Area.Kind.COUNTY:
            return area.parent or area
        return area

    def lists(self):
        self.topics = self.writer.create(Topic, [Topic(name=n) for n in TOPICS])
        self.departments = self.writer.create(Department, [Department(name=n) for n in DEPARTMENTS])
        User = get_user_model()
        clerk = User(username="generated-clerk", first_name="录入员")
        clerk.set_unusable_password()
        self.clerk = self.writer.create(User, [clerk])[0]

    # A year of work ---------------------------------------------------------------

    def review_state(self, date, last_day):
        """Approved; but of the records of the year's last two months, in turn, some
        awaiting review, some returned, some drafts (LATE_STATES)."""
        if (last_day - date).days > 60:
            return Review.APPROVED, {}
        self.late += 1
        state = LATE_STATES[self.late % len(LATE_STATES)]
        if state == Review.APPROVED:
            return state, {}
        fields = {"submitted_by_id": self.clerk.pk, "submitted_at": at(date, 21)}
        if state == Review.RETURNED:
            fields["return_reason"] = "出席人数与签到表不符，请核对。"
        return state, fields

    def year(self, year):
        rng, size = self.rng, self.size
        start, end = day(f"{year}-01-01"), day(f"{year}-12-31")
        main = Campaign(
            title=f"{year}年“代表履职·服务群众”主题活动",
            slug=f"contact-{year}",
            start=day(f"{year}-03-01"),
            end=day(f"{year}-11-30"),
            plan="全省各级人大代表进站履职、联系群众。",
        )
        rural = Campaign(
            title=f"{year}年乡村振兴专题调研",
            slug=f"rural-{year}",
            start=day(f"{year}-06-01"),
            end=day(f"{year}-09-30"),
        )
        campaigns = self.writer.create(Campaign, [main, rural])
        people = self.people
        enrolled = {
            main.pk: self.leaders,
            rural.pk: sorted(rng.sample(self.leaders, len(self.leaders) // 2)),
        }
        self.writer.create(
            Campaign.leaders.through,
            (
                Campaign.leaders.through(campaign_id=c, representative_id=people[i].pk)
                for c, persons in enrolled.items()
                for i in persons
            ),
        )
        leader_set = set(self.leaders)
        problems_of_year = []  # (problem, activity, attendees present)
        for first in range(0, size.activities, BATCH):
            count = min(BATCH, size.activities - first)
            problems_of_year += self.activities(year, start, end, campaigns, leader_set, count)
        self.suggestions(year, start, end, problems_of_year)
        self.duties(year, start, end)
        tallies = []
        for campaign in campaigns:
            for area in self.units[:200]:
                state, fields = self.review_state(campaign.end, end)
                tallies.append(
                    ContactTally(
                        area=area,
                        campaign=campaign,
                        start=campaign.start,
                        end=campaign.end,
                        person_times=rng.randrange(50, 5000),
                        problems_solved=rng.randrange(0, 80),
                        aid_yuan=rng.randrange(0, 500_000),
                        review=state,
                        **fields,
                    )
                )
        self.writer.create(ContactTally, tallies)

    def on_day(self, g, date):
        return [
            i
            for i, joined, left in self.members[g]
            if (joined is None or joined <= date) and (left is None or left >= date)
        ]

    def activities(self, year, start, end, campaigns, leader_set, count):
        rng, people, groups = self.rng, self.people, self.groups
        main, rural = campaigns
        made = []  # (activity, group indexes, members, present, leaders)
        for _ in range(count):
            date = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
            if rural.covers(date) and rng.random() < 0.3:
                campaign = rural
            elif main.covers(date) and rng.random() < 0.8:
                campaign = main
            else:
                campaign = None
            mode = weighted(rng, MODES)
            g = rng.randrange(len(groups))
            chosen = [g]
            if mode == Mode.JOINT_GROUPS:
                near = self.groups_of_area[groups[g].area_id]
                chosen += rng.sample(near, min(len(near), 1))
            elif mode == Mode.CROSS_GROUP:
                chosen.append(rng.randrange(len(groups)))
            chosen = list(dict.fromkeys(chosen))
            members = list(dict.fromkeys(i for c in chosen for i in self.on_day(c, date)))
            state, fields = self.review_state(date, end)
            area = groups[g].area
            activity = Activity(
                ref=self.ref("HD"),
                campaign=campaign,
                date=date,
                mode=mode,
                title=f"{area.name}{rng.choice(ACTIVITY_TITLES)}",
                place=f"{area.name}{rng.choice(PLACES)}",
                accompanied=rng.random() < 0.2,
                created_at=at(date, 20, rng.randrange(60)),
                review=state,
                **fields,
            )
            leading = [i for i in members if i in leader_set and rng.random() < 0.5]
            made.append((activity, chosen, members, leading))
        self.writer.create(Activity, [row[0] for row in made], batch_size=BATCH)
        links, led, topics, departments, attendance = [], [], [], [], []
        problems, outputs, media = [], [], []
        through = Activity.groups.through
        for activity, chosen, members, leading in made:
            links += [through(activity_id=activity.pk, group_id=groups[c].pk) for c in chosen]
            led += [
                Activity.leaders.through(activity_id=activity.pk, representative_id=people[i].pk)
                for i in leading
            ]
            for topic in rng.sample(self.topics, rng.choice((1, 1, 2))):
                topics.append(Activity.topics.through(activity_id=activity.pk, topic_id=topic.pk))
            if rng.random() < 0.3:
                department = rng.choice(self.departments)
                departments.append(
                    Activity.departments.through(
                        activity_id=activity.pk, department_id=department.pk
                    )
                )
            present = []
            for i in members:
                r = rng.random()
                status, reason = "present", ""
                if r < 0.08:
                    status = "absent"
                elif r < 0.18:
                    status, reason = "leave", rng.choice(LEAVE_REASONS)
                else:
                    present.append(i)
                attendance.append(
                    Attendance(
                        activity_id=activity.pk,
                        status=status,
                        representative_id=people[i].pk,
                        reason=reason,
                    )
                )
            listed = set(members)
            for _ in range(rng.choice((0, 0, 0, 1, 2))):
                guest = rng.randrange(len(people))
                if guest not in listed:
                    listed.add(guest)
                    present.append(guest)
                    attendance.append(
                        Attendance(
                            activity_id=activity.pk,
                            status="guest",
                            representative_id=people[guest].pk,
                        )
                    )
            if rng.random() < 0.5:
                problems.append((self.problem(activity, chosen), activity, present))
            if present and rng.random() < 0.05:
                outputs.append(
                    (
                        Output(
                            ref=self.ref("CG"),
                            activity=activity,
                            title=f"关于{rng.choice(PROBLEM_TITLES)}的调研报告",
                            kind=rng.choice([Output.Kind.RESEARCH_REPORT, Output.Kind.MOTION]),
                            date=activity.date + datetime.timedelta(days=rng.randrange(60)),
                            review=activity.review,
                            submitted_by_id=activity.submitted_by_id,
                            submitted_at=activity.submitted_at,
                            return_reason=activity.return_reason,
                        ),
                        rng.sample(present, min(len(present), rng.choice((1, 2, 3)))),
                    )
                )
            if rng.random() < 0.03:
                media.append(
                    MediaReport(
                        ref=self.ref("BD"),
                        outlet=rng.choice(OUTLETS),
                        activity=activity,
                        campaign=activity.campaign,
                        title=f"{activity.title}",
                        published_on=activity.date + datetime.timedelta(days=rng.randrange(1, 6)),
                    )
                )
        self.writer.create(through, links, batch_size=10_000)
        self.writer.create(Activity.leaders.through, led, batch_size=10_000)
        self.writer.create(Activity.topics.through, topics, batch_size=10_000)
        self.writer.create(Activity.departments.through, departments, batch_size=10_000)
        self.writer.create(Attendance, attendance, batch_size=10_000)
        self.writer.create(Problem, [p for p, _, _ in problems])
        self.writer.create(StatusChange, [step for p, _, _ in problems for step in p.steps])
        self.writer.create(Output, [o for o, _ in outputs])
        self.writer.create(
            Output.representatives.through,
            (
                Output.representatives.through(output_id=o.pk, representative_id=people[i].pk)
                for o, persons in outputs
                for i in persons
            ),
        )
        self.writer.create(MediaReport, media)
        return problems

    def problem(self, activity, chosen):
        """A problem raised at `activity` with its history, which ends in its status."""
        rng = self.rng
        status = weighted(rng, PROBLEM_STATUSES)
        # The area of the activity's first group by name (Problem.areas_of).
        first_group = min((self.groups[c] for c in chosen), key=lambda g: (g.name, g.pk))
        problem = Problem(
            ref=self.ref("WT"),
            activity=activity,
            title=rng.choice(PROBLEM_TITLES),
            detail="群众反映强烈，希望尽快解决。",
            topic=rng.choice(self.topics),
            area_id=first_group.area_id,
            status=status,
            review=activity.review,
            department=rng.choice(self.departments) if rng.random() < 0.6 else None,
            submitted_by_id=activity.submitted_by_id,
            submitted_at=activity.submitted_at,
            return_reason=activity.return_reason,
        )
        on = activity.date
        steps = [("", Problem.Status.OPEN, on)]
        if status != Problem.Status.OPEN:
            on = min(on + datetime.timedelta(days=rng.randrange(2, 30)), self.today)
            steps.append((Problem.Status.OPEN, Problem.Status.IN_PROGRESS, on))
        if status in (Problem.Status.RESOLVED, Problem.Status.UNRESOLVABLE):
            on = min(on + datetime.timedelta(days=rng.randrange(10, 200)), self.today)
            steps.append((Problem.Status.IN_PROGRESS, status, on))
        if status == Problem.Status.RESOLVED:
            problem.resolved_on, problem.outcome = on, "已协调有关部门解决。"
        if status == Problem.Status.UNRESOLVABLE:
            problem.note = "涉及规划调整，近期无法解决，已向群众解释。"
        problem.steps = [
            StatusChange(
                problem=problem,
                from_status=before,
                to_status=after,
                changed_on=on,
                recorded_at=at(on, 18, n),
            )
            for n, (before, after, on) in enumerate(steps)
        ]
        return problem

    def suggestions(self, year, start, end, problems):
        rng, people = self.rng, self.people
        count = max(5, self.size.activities // 20)
        level = {"county": "county", "city": "city"}.get(self.size.office, "provincial")
        made = []
        for number in range(1, count + 1):
            lead = None
            if problems and rng.random() < 0.4:
                problem, activity, present = rng.choice(problems)
                suggestion = Suggestion(
                    problem=problem,
                    activity=activity,
                    campaign=activity.campaign,
                    title=f"关于解决{problem.title}问题的建议",
                    text=problem.detail,
                    topic=problem.topic,
                )
                put_on = activity.date + datetime.timedelta(days=rng.randrange(1, 30))
                lead = rng.choice(present) if present else None
            else:
                suggestion = Suggestion(
                    title=f"关于加强{rng.choice(TOPICS)}工作的建议", topic=rng.choice(self.topics)
                )
                put_on = start + datetime.timedelta(days=rng.randrange(365))
            if lead is None:
                lead = rng.randrange(len(people))
            seconders = [i for i in rng.sample(range(len(people)), rng.randrange(5)) if i != lead]
            suggestion.number, suggestion.year, suggestion.level = number, year, level
            suggestion.submitted_on = min(put_on, self.today)
            suggestion.complex = rng.random() < 0.1
            suggestion.created_at = at(suggestion.submitted_on, 10)
            state, fields = self.review_state(suggestion.submitted_on, end)
            suggestion.review = state
            for field, value in fields.items():
                setattr(suggestion, field, value)
            assigned = replied = None
            if rng.random() < 0.85:
                assigned = suggestion.submitted_on + datetime.timedelta(days=rng.randrange(3, 20))
                if rng.random() < 0.75:
                    replied = assigned + datetime.timedelta(days=rng.randrange(20, 88))
            assigned = assigned if assigned and assigned <= self.today else None
            replied = replied if assigned and replied and replied <= self.today else None
            rating = (
                weighted(
                    rng,
                    [
                        (Rating.SATISFIED, 60),
                        (Rating.BASICALLY_SATISFIED, 30),
                        (Rating.DISSATISFIED, 10),
                    ],
                )
                if replied and rng.random() < 0.8
                else ""
            )
            steps = cycle_of_a_ledger_row(
                suggestion,
                lead_unit=rng.choice(self.departments),
                assigned_on=assigned,
                replied_on=replied,
                reply_class=rng.choice(ReplyClass.values),
                rating=rating,
            )
            for n, step in enumerate(steps):
                step.recorded_at = at(step.on, 16, n)
            made.append((suggestion, lead, seconders, steps))
        # The output 代表建议 that counts a suggestion of a campaign or an activity.
        mirrored = []
        for suggestion, lead, seconders, _ in made:
            if suggestion.campaign_id or suggestion.activity_id:
                output = Output(
                    ref=f"JY-{year}-{suggestion.number:04d}",
                    kind=Output.Kind.SUGGESTION,
                    title=suggestion.title,
                    date=suggestion.submitted_on,
                    campaign=suggestion.campaign,
                    activity=suggestion.activity,
                    review=suggestion.review,
                    submitted_by_id=suggestion.submitted_by_id,
                    submitted_at=suggestion.submitted_at,
                    return_reason=suggestion.return_reason,
                )
                suggestion.output = output
                mirrored.append((output, [lead, *seconders]))
        self.writer.create(Output, [o for o, _ in mirrored])
        self.writer.create(
            Output.representatives.through,
            (
                Output.representatives.through(output_id=o.pk, representative_id=people[i].pk)
                for o, persons in mirrored
                for i in persons
            ),
        )
        for suggestion, *_ in made:
            if suggestion.output is not None:
                suggestion.output_id = suggestion.output.pk
        self.writer.create(Suggestion, [s for s, *_ in made])
        self.writer.create(
            Deputy,
            (
                Deputy(suggestion_id=s.pk, representative_id=people[i].pk, is_lead=i == lead)
                for s, lead, seconders, _ in made
                for i in [lead, *seconders]
            ),
        )
        for suggestion, _, _, steps in made:
            for step in steps:
                step.suggestion_id = suggestion.pk
        self.writer.create(Step, [step for *_, steps in made for step in steps])

    def duties(self, year, start, end):
        rng, people = self.rng, self.people
        duties, who = [], []
        for _ in range(max(5, len(people) // 40)):
            kind = rng.choice(Duty.Kind.values)
            date = start + datetime.timedelta(days=rng.randrange(365))
            state, fields = self.review_state(date, end)
            duties.append(
                Duty(
                    ref=self.ref("LZ"),
                    kind=kind,
                    date=date,
                    review=state,
                    title=f"{year}年{Duty.Kind(kind).label}",
                    source="会议签到表",
                    **fields,
                )
            )
            who.append(rng.sample(range(len(people)), rng.randrange(1, 26)))
        self.writer.create(Duty, duties)
        self.writer.create(
            Duty.representatives.through,
            (
                Duty.representatives.through(duty_id=d.pk, representative_id=people[i].pk)
                for d, persons in zip(duties, who, strict=True)
                for i in persons
            ),
        )


# The rules the generated data keeps (and any office's should) ---------------------------


def violations():
    """What breaks the app's rules in the database: [(rule, how many)], empty when none."""
    found = []

    def rule(name, count):
        if count:
            found.append((name, count))

    member_on_day = Membership.objects.filter(
        overlap_q(OuterRef("activity__date"), OuterRef("activity__date")),
        representative=OuterRef("representative"),
        group__activities=OuterRef("activity"),
    )
    rule(
        "attendance of someone not a member of the activity's groups on its day",
        Attendance.objects.exclude(status="guest").exclude(Exists(member_on_day)).count(),
    )
    rule(
        "a guest who was a member of the activity's groups on its day",
        Attendance.objects.filter(status="guest").filter(Exists(member_on_day)).count(),
    )
    spans = defaultdict(list)
    for person, group, joined, left in Membership.objects.values_list(
        "representative", "group", "joined_on", "left_on"
    ):
        spans[person, group].append((joined or datetime.date.min, left or datetime.date.max))
    overlapping = 0
    for periods in spans.values():
        periods.sort()
        overlapping += sum(b[0] <= a[1] for a, b in itertools.pairwise(periods))
    rule("memberships of one person in one group that overlap", overlapping)
    last = {}
    first = {}
    for problem, before, after in StatusChange.objects.order_by(
        "problem", "changed_on", "recorded_at", "pk"
    ).values_list("problem", "from_status", "to_status"):
        first.setdefault(problem, before)
        last[problem] = after
    problems = dict(Problem.objects.values_list("pk", "status"))
    rule(
        "a problem whose history does not end in its status",
        sum(last.get(pk) != status for pk, status in problems.items()),
    )
    rule("a problem whose history does not start", sum(v != "" for v in first.values()))
    rule(
        "a suggestion without exactly one lead deputy",
        Suggestion.objects.annotate(leads=Count("deputy_rows", filter=Q(deputy_rows__is_lead=True)))
        .exclude(leads=1)
        .count(),
    )
    from suggestions.deadlines import deadline_for

    rule(
        "a suggestion whose deadline is not the law's",
        sum(
            deadline != deadline_for(assigned, complex_)
            for assigned, deadline, complex_ in Suggestion.objects.filter(
                assigned_on__isnull=False
            ).values_list("assigned_on", "deadline", "complex")
        ),
    )
    steps_last = {}
    for suggestion, to in Step.objects.order_by("suggestion", "on", "pk").values_list(
        "suggestion", "to_status"
    ):
        steps_last[suggestion] = to
    rule(
        "a suggestion whose timeline does not end in its status",
        sum(
            steps_last.get(pk, "received") != status
            for pk, status in Suggestion.objects.values_list("pk", "status")
        ),
    )
    return found
