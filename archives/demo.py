"""The demo's archives 履职档案: the congress's terms, the 28 leaders' dated posts (时任)
(every other deputy's post since before the records) and their duties of 2021 beyond
the campaign's activities, and two tables of points.
Called by `load_demo` after `activities.demo`; loading it again changes nothing.

Three leaders changed post during 2021, so the post an archive shows beside a record
(时任) depends on its date; each leader's `Representative.post` stays the latest. The
duties are approved, and count in no figure of the campaign (they are no activity)."""

import datetime
from decimal import Decimal

from activities.demo import LEADERS
from representatives.models import Mandate, PostHeld, Representative, Term
from representatives.protocol import add_default_ranks

from .models import Duty, Item, PointsTable, Weight

D = datetime.date
PROVINCIAL, NATIONAL = Mandate.Level.PROVINCIAL, Mandate.Level.NATIONAL
TERMS = [
    (PROVINCIAL, 13, D(2018, 1, 27), D(2023, 1, 15)),
    (PROVINCIAL, 14, D(2023, 1, 15), None),
    (NATIONAL, 13, D(2018, 3, 5), D(2023, 3, 5)),
]

# Leaders whose post changed in 2021: (name, the post before, the day the new one began).
CHANGED_POSTS = [
    ("周立新", "副省长", D(2021, 3, 31)),
    ("曾庆林", "长沙市委副书记、市长", D(2021, 4, 12)),
    ("罗春华", "省委组织部常务副部长", D(2021, 6, 18)),
]

OFFICE = "省人大常委会办公厅通知"
LIAISON = "省人大常委会代表工作委员会"
# 列席常委会: the standing committee's meetings of 2021, by number and date.
STANDING_MEETINGS = [(22, D(2021, 3, 31)), (24, D(2021, 7, 29)), (26, D(2021, 9, 29)),
                     (27, D(2021, 11, 25))]  # fmt: skip
TRAININGS = [
    (D(2021, 4, 20), "参加省人大代表学习贯彻习近平法治思想专题培训班", "省人大常委会党校通知"),
    (D(2021, 6, 24), "参加省人大代表党史学习教育专题培训", "省人大常委会代表工作委员会通知"),
    (D(2021, 10, 14), "参加全省人大代表履职能力提升培训班", "省人大常委会代表工作委员会通知"),
]
# Leaders commended in 2021: (name, title, source).
COMMENDATIONS = [
    ("毛伟明", "领衔建议被评为2021年度省人大代表优秀建议", "省人大常委会办公厅"),
    ("刘莲玉", "代表小组活动获评全省人大代表小组活动示范案例", LIAISON),
    ("叶红专", "领衔调研报告获评全省人大优秀调研成果一等奖", "省人大常委会研究室"),
    ("彭海燕", "代表联络站工作获评全省优秀代表联络站", LIAISON),
    ("贺红梅", "领衔建议被评为2021年度省人大代表优秀建议", "省人大常委会办公厅"),
]

# Points per item (履职积分): a table from 2021 and one from 2022 that weighs the groups'
# activities and the reports to voters more.
WEIGHTS_2021 = {
    Item.ATTENDED: 2, Item.LED: 3, Item.GUEST: 1, Item.PROBLEM_RAISED: 1,
    Item.PROBLEM_RESOLVED: 2, Item.SUGGESTION_LED: 3, Item.SUGGESTION_SECONDED: 1,
    Item.OUTPUT: 3, Item.SESSION: 2, Item.STANDING_COMMITTEE: 2, Item.INSPECTION: 2,
    Item.RESEARCH: 2, Item.TRAINING: 1, Item.VOTER_REPORT: 3, Item.COMMENDATION: 5,
}  # fmt: skip
CHANGED_2022 = {Item.ATTENDED: 3, Item.LED: 4, Item.VOTER_REPORT: 4, Item.TRAINING: "1.5"}
TABLES = [
    ("2021年度履职积分表", D(2021, 1, 1), WEIGHTS_2021),
    ("2022年度履职积分表", D(2022, 1, 1), {**WEIGHTS_2021, **CHANGED_2022}),
]


def build_archives():
    """The terms, the posts, the duties and the tables of points (again: a no-op)."""
    for level, number, start, end in TERMS:
        Term.objects.get_or_create(
            level=level, number=number, defaults={"started_on": start, "ended_on": end}
        )
    leaders = {rep.name: rep for rep in Representative.objects.filter(
        name__in=[spec.name for spec in LEADERS], is_provincial_leader=True)}  # fmt: skip
    build_posts(leaders)
    add_default_ranks()  # the migration's, unless a test emptied the database since
    build_duties(leaders)
    for name, valid_from, weights in TABLES:
        table, created = PointsTable.objects.get_or_create(
            valid_from=valid_from, defaults={"name": name}
        )
        if created:
            Weight.objects.bulk_create(
                Weight(table=table, item=item, points=Decimal(str(points)))
                for item, points in weights.items()
            )


def build_posts(leaders):
    if PostHeld.objects.filter(representative__in=leaders.values()).exists():
        return
    changed = {name: (before, day) for name, before, day in CHANGED_POSTS}
    posts = []
    for name, rep in leaders.items():
        if name in changed:
            before, day = changed[name]
            posts.append(PostHeld(representative=rep, title=before,
                                  ended_on=day - datetime.timedelta(days=1)))  # fmt: skip
            posts.append(PostHeld(representative=rep, title=rep.post, started_on=day))
        else:
            posts.append(PostHeld(representative=rep, title=rep.post))
    # Every other deputy holds their roster's post since before the records, as a roster
    # import would have dated it (representatives/posts.py): importing it changes nothing.
    others = Representative.objects.exclude(pk__in=[rep.pk for rep in leaders.values()])
    posts += [PostHeld(representative=rep, title=rep.post) for rep in others.exclude(post="")]
    PostHeld.objects.bulk_create(posts)


def duty_specs(leaders):
    """(kind, date, title, source, [leader names]) of each duty, in date order."""
    names = [spec.name for spec in LEADERS if spec.name in leaders]
    specs = [(Duty.Kind.SESSION, D(2021, 1, 31), "出席湖南省第十三届人民代表大会第五次会议",
              OFFICE, names)]  # fmt: skip
    national = [name for name in names if leaders[name].mandates.filter(level=NATIONAL).exists()]
    if national:
        specs.append((Duty.Kind.SESSION, D(2021, 3, 5), "出席第十三届全国人民代表大会第四次会议",
                      "全国人大常委会办公厅通知", national))  # fmt: skip
    for position, (number, day) in enumerate(STANDING_MEETINGS):
        # Two of every three leaders at each meeting, in turn: several meetings each.
        present = [name for index, name in enumerate(names) if (index + position) % 3 != 0]
        title = f"列席省十三届人大常委会第{number}次会议"
        specs.append((Duty.Kind.STANDING_COMMITTEE, day, title, OFFICE, present))
    by_name = {spec.name: spec for spec in LEADERS}
    for index, name in enumerate(names):
        spec = by_name[name]
        month = 5 + index % 6  # during the campaign, May to October
        specs.append(
            (
                Duty.Kind.INSPECTION,
                D(2021, month, 8 + index % 15),
                f"赴{spec.place}视察{spec.topic}工作推进情况",
                OFFICE,
                [name],
            )
        )
        specs.append(
            (
                Duty.Kind.RESEARCH,
                D(2021, month + 1, 3 + index % 20),
                f"围绕“{spec.topic}”在{spec.city}开展专题调研",
                f"{spec.city}人大常委会",
                [name],
            )
        )
        specs.append((Duty.Kind.VOTER_REPORT, D(2021, 12, 1 + index % 25),
                      f"向{spec.city}人大常委会书面报告2021年度履职情况",
                      f"{spec.city}人大常委会", [name]))  # fmt: skip
    for position, (day, title, source) in enumerate(TRAININGS):
        attending = [name for index, name in enumerate(names) if index % 3 == position]
        specs.append((Duty.Kind.TRAINING, day, title, source, attending))
    for name, title, source in COMMENDATIONS:
        if name in leaders:
            specs.append((Duty.Kind.COMMENDATION, D(2021, 12, 28), title, source, [name]))
    return sorted(specs, key=lambda spec: spec[1])


def build_duties(leaders):
    if Duty.objects.filter(ref__startswith="2021LZ-").exists():
        return
    for number, (kind, day, title, source, names) in enumerate(duty_specs(leaders), start=1):
        duty = Duty(kind=kind, date=day, title=title, source=source, ref=f"2021LZ-{number:03d}")
        duty.approve_as_written()
        duty.save()
        duty.representatives.set([leaders[name] for name in names])
