"""The demo campaign's suggestions 代表建议 through their cycle: the five suggestion
outputs of `activities.demo` (2021CG-07 … 11) become suggestions, each keeping its output
(linked: same title, date, campaign, activity and deputies), so the campaign still counts
eleven outputs with five suggestions. Called by `load_demo` after `activities.demo`.

    2021CG-07  交办 省发展改革委, reply A on time, 满意 (closed)
    2021CG-08  交办 省教育厅, reply B on time, 基本满意 (closed)
    2021CG-09  交办 省民政厅, reply C on time, 不满意 → handled again: reply B, 基本满意
    2021CG-10  交办 省农业农村厅 with 省卫生健康委, reply A late, not rated yet
    2021CG-11  交办 省住房城乡建设厅, no reply: overdue

and a user of that unit 承办单位 (`unit` / `lianluo-unit`), whose inbox holds it. One more,
outside the campaign, is put by a deputy of 娄底市第一代表小组 (so the demo's staff of 娄底市
have one of their own to follow), seconded by its leader 毛伟明:

    第6号      交办 省人力资源社会保障厅, reply B on time, 基本满意 (closed)
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Profile, Role
from activities.models import Department, Output
from representatives.models import Representative

from .models import Rating, Suggestion

DAY = datetime.timedelta(days=1)
# The demo's user of a unit 承办单位: (user name, password, department).
UNIT_USER = ("unit", "lianluo-unit", "省住房城乡建设厅")

# (output ref, lead unit, co-units, [(step, days after 交办, *arguments)])
CYCLES = [
    ("2021CG-07", "省发展改革委", [], [
        ("reply", 60, "A", "项目已纳入省级预算，年内完成建设。"),
        ("rate", 70, Rating.SATISFIED, ""),
    ]),
    ("2021CG-08", "省教育厅", [], [
        ("reply", 80, "B", "已列入三年行动计划，分步实施。"),
        ("rate", 90, Rating.BASICALLY_SATISFIED, "希望加快进度。"),
    ]),
    ("2021CG-09", "省民政厅", [], [
        ("reply", 85, "C", "待条件成熟时统筹解决。"),
        ("rate", 95, Rating.DISSATISFIED, "答复未提出具体措施。"),
        ("reply", 130, "B", "重新研究后已制定分年度实施方案。"),
        ("rate", 140, Rating.BASICALLY_SATISFIED, ""),
    ]),
    ("2021CG-10", "省农业农村厅", ["省卫生健康委"], [
        ("reply", 110, "A", "问题已协调解决。"),
    ]),
    ("2021CG-11", "省住房城乡建设厅", [], []),
]  # fmt: skip


def build_suggestions(campaign, staff):
    """The suggestions of the demo campaign's suggestion outputs, entered and followed by
    `staff` (again: a no-op)."""
    leaders = set(campaign.leaders.values_list("pk", flat=True))
    units = {unit.name: unit for unit in Department.objects.all()}
    for number, (ref, lead_unit, co_units, steps) in enumerate(CYCLES, start=1):
        output = Output.objects.filter(ref=ref, kind=Output.Kind.SUGGESTION).first()
        if output is None or Suggestion.objects.filter(output=output).exists():
            continue
        deputies = sorted(output.representatives.all(), key=lambda r: (r.pk not in leaders, r.pk))
        lead, *seconders = deputies  # the leader leads, the member of their group seconds
        suggestion = Suggestion(
            number=number,
            year=output.date.year,
            title=output.title,
            text=f"{output.title}。",
            submitted_on=output.date,
            campaign=output.campaign,
            activity=output.activity,
            output=output,
        )
        suggestion.save_with_deputies(lead, seconders, by=staff)
        assigned = output.date + 7 * DAY
        suggestion.assign(
            units[lead_unit], [units[name] for name in co_units], on=assigned, by=staff
        )
        follow(suggestion, steps, assigned, staff)


def follow(suggestion, steps, assigned, staff):
    """Take `suggestion` through `steps` ([(step, days after 交办, *arguments)])."""
    for step, days, *arguments in steps:
        on = assigned + days * DAY
        if step == "reply":
            suggestion.reply(*arguments, on=on, by=staff)
        else:
            suggestion.rate(*arguments, on=on, by=staff)


# A suggestion of 娄底市 outside the campaign: (number, title, submitted, lead unit, steps).
LOUDI = (6, "关于加强娄底市零就业家庭帮扶的建议", datetime.date(2021, 9, 15),
         "省人力资源社会保障厅", [
    ("reply", 50, "B", "已将零就业家庭纳入动态帮扶台账，分批落实公益性岗位。"),
    ("rate", 60, Rating.BASICALLY_SATISFIED, "希望扩大覆盖面。"),
])  # fmt: skip


def build_area_suggestion(staff):
    """The suggestion of 娄底市 outside the campaign (LOUDI), entered and followed by
    `staff` (again: a no-op)."""
    number, title, submitted, lead_unit, steps = LOUDI
    if Suggestion.objects.filter(year=submitted.year, number=number).exists():
        return
    members = Representative.objects.filter(memberships__group__name="娄底市第一代表小组").order_by(
        "code"
    )
    lead = members.filter(is_provincial_leader=False).first()
    seconders = list(members.filter(is_provincial_leader=True))
    suggestion = Suggestion(
        number=number, year=submitted.year, title=title, text=f"{title}。", submitted_on=submitted
    )
    suggestion.save_with_deputies(lead, seconders, by=staff)
    assigned = submitted + 7 * DAY
    suggestion.assign(Department.objects.get(name=lead_unit), on=assigned, by=staff)
    follow(suggestion, steps, assigned, staff)


def build_unit_user():
    """The demo's department user (UNIT_USER): (user, password), as load_demo prints them."""
    username, password, department = UNIT_USER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "住建厅办理员"}
    )
    if created:
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=Role.UNIT))
    Profile.objects.update_or_create(
        user=user, defaults={"department": Department.objects.get(name=department)}
    )
    return user, password
