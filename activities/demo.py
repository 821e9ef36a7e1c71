"""The demo: the seed bulletin's 2021 campaign, rebuilt as records.

联络动态 第24期 (25 Dec 2021) reports the campaign 学党史作表率，为群众办实事: 28 provincial
leaders took part; 284 of the 306 members of their groups took part (92.8%); liaison staff
accompanied 25 of them; 32 problems were resolved; 11 research reports and suggestions
were written; deputies contacted the masses 1,340,000 times, solved 60,000 problems and
brought 440,000,000 yuan of aid. The leaders, posts, groups and places the bulletin names
are used as written; everyone else is made up (deterministically) so that the campaign
report prints exactly those figures.

Every record is looked up by its key before it is created, so loading twice changes nothing.
The seed issue itself is added by `bulletins.demo`, which the `load_demo` command calls next.
"""

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.db import transaction

from accounts.models import Profile
from accounts.models import Role as RoleName
from representatives.models import Area, Group, Mandate, Membership, Representative

from .models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Mode,
    Output,
    Problem,
    Topic,
)
from .review import Review

SLUG = "2021-xdsztbl"
TITLE = "学党史作表率，为群众办实事"
START = datetime.date(2021, 5, 1)
END = datetime.date(2021, 11, 30)
PLAN = (
    "省级领导干部中的省人大代表参加代表小组主题活动。省委常委代表可以结合党史学习教育到基层"
    "联系点开展主题活动；所有省级领导干部代表既可以到所在代表小组开展主题活动，也可以和所在"
    "小组代表在原选举单位内开展主题活动，还可以和所在小组代表联合原选举单位其他小组代表一起"
    "开展主题活动。活动的具体内容、时间、方式由省级领导干部代表自行确定。"
)

# The province's cities and prefectures, with the counties the bulletin names, and each
# city's share (in %) of the province-wide contact tallies.
CITIES = {
    "长沙市": (14, ["芙蓉区", "岳麓区", "浏阳市"]),
    "株洲市": (7, ["渌口区", "醴陵市"]),
    "湘潭市": (5, ["韶山市", "湘潭县"]),
    "衡阳市": (10, ["耒阳市", "衡南县"]),
    "邵阳市": (10, ["邵阳县", "邵东市"]),
    "岳阳市": (8, ["平江县", "岳阳楼区"]),
    "常德市": (8, ["武陵区", "桃源县"]),
    "张家界市": (3, ["慈利县", "永定区"]),
    "益阳市": (6, ["赫山区", "安化县"]),
    "郴州市": (7, ["北湖区", "宜章县"]),
    "永州市": (8, ["冷水滩区", "道县"]),
    "怀化市": (7, ["芷江县", "沅陵县", "中方县"]),
    "娄底市": (5, ["娄星区", "涟源市"]),
    "湘西州": (2, ["吉首市", "凤凰县"]),
}
CONTACTS = {"person_times": 1_340_000, "problems_solved": 60_000, "aid_yuan": 440_000_000}

TOPICS = ["乡村振兴", "食品安全", "人居环境", "教育", "医疗", "就业", "生态环保", "养老"]
DEPARTMENTS = [
    "省发展改革委",
    "省教育厅",
    "省民政厅",
    "省农业农村厅",
    "省卫生健康委",
    "省住房城乡建设厅",
    "省人力资源社会保障厅",
    "省生态环境厅",
    "省文化和旅游厅",
    "省市场监管局",
]


@dataclass
class Leader:
    name: str
    gender: str
    post: str
    city: str
    group: str
    place: str  # the county the first activity went to
    mode: str
    topic: str
    accompanied: bool = True
    second: str = ""  # mode of a second activity, if the leader held one


M, F = Representative.Gender.MALE, Representative.Gender.FEMALE

# The bulletin's leaders first, as it names them; the rest are invented.
LEADERS = [
    Leader("许达哲", M, "省委书记、省人大常委会主任", "永州市", "永州市第一代表小组",
           "道县", Mode.OWN_UNIT, "人居环境", second=Mode.OWN_GROUP),
    Leader("毛伟明", M, "省委副书记、省长", "娄底市", "娄底市第一代表小组",
           "娄星区", Mode.OWN_GROUP, "医疗", second=Mode.OWN_GROUP),
    Leader("李微微", F, "省政协主席", "邵阳市", "邵阳市第一代表小组",
           "邵阳县", Mode.CONTACT_POINT, "乡村振兴"),
    Leader("刘莲玉", F, "省人大常委会党组书记、副主任", "怀化市", "怀化市全国和省人大代表小组",
           "芷江县", Mode.JOINT_GROUPS, "乡村振兴", second=Mode.OWN_GROUP),
    Leader("黄关春", M, "省人大常委会党组副书记、副主任", "张家界市", "张家界市第一代表小组",
           "慈利县", Mode.OWN_UNIT, "养老"),
    Leader("乌兰", F, "省委副书记", "岳阳市", "平江县代表小组",
           "岳阳楼区", Mode.OWN_UNIT, "教育", second=Mode.OWN_GROUP),
    Leader("谢建辉", F, "省人大常委会党组副书记", "怀化市", "怀化市第一代表小组",
           "沅陵县", Mode.CONTACT_POINT, "教育"),
    Leader("张剑飞", M, "省人大常委会党组副书记", "邵阳市", "邵阳市第二代表小组",
           "邵东市", Mode.OWN_GROUP, "生态环保", second=Mode.OWN_GROUP),
    Leader("杨维刚", M, "省人大常委会副主任", "株洲市", "株洲市第一代表小组",
           "渌口区", Mode.JOINT_GROUPS, "就业"),
    Leader("叶红专", M, "省人大常委会副主任", "湘西州", "湘西州第一代表小组",
           "凤凰县", Mode.OWN_GROUP, "乡村振兴", second=Mode.OWN_UNIT),
    Leader("周农", M, "省人大常委会副主任", "衡阳市", "衡阳市第一代表小组",
           "耒阳市", Mode.OWN_UNIT, "乡村振兴", second=Mode.OWN_GROUP),
    Leader("彭国甫", M, "省人大常委会副主任", "怀化市", "怀化市第二代表小组",
           "中方县", Mode.OWN_GROUP, "乡村振兴"),
    Leader("周立新", M, "省委常委、常务副省长", "长沙市", "长沙市第一代表小组",
           "岳麓区", Mode.OWN_GROUP, "就业", second=Mode.OWN_UNIT),
    Leader("罗春华", F, "省委常委、省委组织部部长", "长沙市", "长沙市第二代表小组",
           "浏阳市", Mode.CONTACT_POINT, "教育"),
    Leader("邓文斌", M, "省委常委、省纪委书记", "常德市", "常德市第一代表小组",
           "桃源县", Mode.OWN_GROUP, "食品安全"),
    Leader("彭海燕", F, "省委常委、省委宣传部部长", "益阳市", "益阳市第一代表小组",
           "安化县", Mode.OWN_GROUP, "乡村振兴", second=Mode.OWN_GROUP),
    Leader("唐振华", M, "省委常委、省委政法委书记", "郴州市", "郴州市第一代表小组",
           "宜章县", Mode.CROSS_GROUP, "就业"),
    Leader("曾庆林", M, "省委常委、长沙市委书记", "长沙市", "长沙市第三代表小组",
           "芙蓉区", Mode.OWN_GROUP, "养老", second=Mode.OWN_GROUP),
    Leader("谭晓明", M, "省委常委、省委秘书长", "湘潭市", "湘潭市第一代表小组",
           "韶山市", Mode.OWN_UNIT, "人居环境"),
    Leader("龙建平", M, "副省长", "常德市", "常德市第二代表小组",
           "武陵区", Mode.OWN_GROUP, "食品安全"),
    Leader("贺红梅", F, "副省长", "衡阳市", "衡阳市第二代表小组",
           "衡南县", Mode.OWN_GROUP, "医疗", second=Mode.JOINT_GROUPS),
    Leader("段伟", M, "副省长", "岳阳市", "岳阳市第一代表小组",
           "岳阳楼区", Mode.CROSS_GROUP, "生态环保"),
    Leader("欧阳明", M, "副省长", "郴州市", "郴州市第二代表小组",
           "北湖区", Mode.OWN_GROUP, "食品安全", accompanied=False),
    Leader("蒋丽华", F, "省人大常委会副主任", "湘潭市", "湘潭市第二代表小组",
           "湘潭县", Mode.OWN_GROUP, "医疗", second=Mode.OTHER),
    Leader("廖国强", M, "省人大常委会副主任", "益阳市", "益阳市第二代表小组",
           "赫山区", Mode.OWN_UNIT, "人居环境", accompanied=False),
    Leader("姚德胜", M, "省政协副主席", "株洲市", "株洲市第二代表小组",
           "醴陵市", Mode.OWN_GROUP, "就业"),
    Leader("易新民", M, "省政协副主席", "永州市", "永州市第二代表小组",
           "冷水滩区", Mode.OWN_UNIT, "养老", accompanied=False),
    Leader("向玉兰", F, "省高级人民法院院长", "长沙市", "长沙市第四代表小组",
           "芙蓉区", Mode.OWN_GROUP, "食品安全"),
]  # fmt: skip

# Problems the bulletin tells of, by leader: (problem, topic, department, outcome).
HIGHLIGHTS = {
    "毛伟明": ("娄星区人民医院传染科建设项目推进中的突出问题", "医疗", "省卫生健康委",
             "项目已于10月1日开工，预计明年4月投入使用"),
    "许达哲": ("农村改厕和化粪池尾水治理", "人居环境", "省农业农村厅",
             "改（新）建农村户厕2.65万多户、农村公厕近200座，16个村启动尾水治理试点"),
    "乌兰": ("职业教育发展中的突出问题", "教育", "省教育厅", "相关问题已协调解决"),
    "谢建辉": ("沅陵一中新校区建设", "教育", "省教育厅", "新校区建设问题已协调解决"),
    "张剑飞": ("污水处理厂运行和中药材市场提质改造", "生态环保", "省生态环境厅",
             "推动有关问题解决"),
    "杨维刚": ("大唐华银株洲发电2×100万千瓦煤电项目落地", "就业", "省发展改革委",
             "推动项目尽快落地"),
    "叶红专": ("巩固脱贫攻坚成果与乡村振兴有效衔接", "乡村振兴", "省文化和旅游厅",
             "建立“大湘西乡村旅游山山联盟”"),
    "周农": ("农业专业合作社发展和集中安置点搬迁户生计", "乡村振兴", "省农业农村厅",
           "合作社发展和搬迁户生计问题得到帮助解决"),
    "彭国甫": ("传统文化资源保护利用与乡村振兴结合", "乡村振兴", "省文化和旅游厅",
             "有关具体问题得到帮助解决"),
    "黄关春": ("生活不能自理特困人员集中供养", "养老", "省民政厅", "集中供养问题得到推动解决"),
}  # fmt: skip
GENERIC_PROBLEMS = {
    "乡村振兴": "农村产业路建设资金缺口",
    "食品安全": "农贸市场食品快检能力不足",
    "人居环境": "老旧小区雨污分流改造",
    "教育": "农村学校教师周转房不足",
    "医疗": "乡镇卫生院医疗设备老化",
    "就业": "返乡农民工技能培训和就业服务",
    "生态环保": "河道采砂后生态修复",
    "养老": "农村互助养老服务点运营经费",
}
PROBLEM_STATUSES = ["resolved"] * 32 + ["in_progress"] * 10 + ["open"] * 3
OUTPUT_KINDS = [Output.Kind.RESEARCH_REPORT] * 6 + [Output.Kind.SUGGESTION] * 5

MEDIA = [
    ("湖南日报", "省级领导干部代表参加代表小组主题活动综述", datetime.date(2021, 11, 20)),
    ("湖南卫视", "学党史作表率 为群众办实事", datetime.date(2021, 7, 2)),
    ("红网", "省级领导干部代表深入基层为群众办实事", datetime.date(2021, 8, 16)),
    ("湖南人大网", "主题活动专栏：代表在行动", datetime.date(2021, 6, 10)),
    ("《人民之友》", "密切联系群众的生动实践", datetime.date(2021, 11, 28)),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国华明红军平志强伟芳秀英敏静丽军勇杰涛斌超波辉刚健峰新春海燕玲霞云飞鹏亮林文华俊德胜利荣兰凤梅霞湘楚岳衡沅澧资"  # noqa: E501
PARTIES = ["中共党员"] * 7 + ["群众", "民盟盟员", "九三学社社员", "民建会员"]
MINORITY_CITIES = {"湘西州": "土家族", "张家界市": "土家族", "怀化市": "侗族", "邵阳市": "苗族"}

# Members besides the leader, per leader group: 28 leaders + 27 × 10 + 8 = 306 people
# (one more person sits in two leader groups and is counted once).
OTHERS_PER_GROUP = [10] * 27 + [8]
NOT_TAKING_PART = 22  # one member in each of the first 22 leader groups stayed away: 284 took part
OTHER_GROUPS = [
    "长沙市第五代表小组",
    "衡阳市第三代表小组",
    "常德市第三代表小组",
    "郴州市第三代表小组",
]


class DemoBuilder:
    """Builds the demo records; every method looks up before it creates."""

    def __init__(self, stdout=None):
        self.rng = random.Random(2021)
        self.used_names = {spec.name for spec in LEADERS}
        self.log = stdout.write if stdout else (lambda message: None)
        self.next_code = 1

    @transaction.atomic
    def build(self):
        self.province, _ = Area.objects.get_or_create(
            name="湖南省", parent=None, defaults={"kind": Area.Kind.PROVINCE}
        )
        self.areas = self.build_areas()
        self.topics = {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}
        self.departments = {
            name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS
        }
        self.users = self.build_users()
        campaign = self.build_campaign()
        self.build_groups_and_activities(campaign)
        self.build_other_groups(campaign)
        self.build_contacts(campaign)
        self.build_media(campaign)
        self.build_entries_in_review(campaign)
        return campaign

    # --- places and people -------------------------------------------------

    def build_areas(self):
        areas = {}
        for city, (_share, counties) in CITIES.items():
            areas[city], _ = Area.objects.get_or_create(
                name=city, parent=self.province, defaults={"kind": Area.Kind.CITY}
            )
            for county in counties:
                areas[county], _ = Area.objects.get_or_create(
                    name=county, parent=areas[city], defaults={"kind": Area.Kind.COUNTY}
                )
        return areas

    def invent_name(self):
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2]))
            )
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def representative(self, name, city, *, gender=None, post="", leader=False, national=False):
        code = f"HN13{self.next_code:05d}"
        self.next_code += 1
        gender = gender or self.rng.choice([M, M, F])
        ethnicity = MINORITY_CITIES.get(city) if self.rng.random() < 0.3 else None
        rep, _ = Representative.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "gender": gender,
                "ethnicity": ethnicity or "汉族",
                "party": "中共党员" if leader else self.rng.choice(PARTIES),
                "post": post or self.rng.choice(["村党支部书记", "企业负责人", "乡镇卫生院院长",
                                                 "中学教师", "农民专业合作社理事长", "社区主任"]),
                "is_provincial_leader": leader,
            },
        )  # fmt: skip
        unit = self.areas[city]
        Mandate.objects.get_or_create(
            representative=rep,
            level=Mandate.Level.PROVINCIAL,
            term=13,
            defaults={"electoral_unit": unit},
        )
        if national:
            Mandate.objects.get_or_create(
                representative=rep,
                level=Mandate.Level.NATIONAL,
                term=13,
                defaults={"electoral_unit": unit},  # a roster gives one unit a person
            )
        return rep

    def join(self, rep, group, joined=datetime.date(2018, 1, 15), left=None, convener=False):
        Membership.objects.get_or_create(
            representative=rep,
            group=group,
            joined_on=joined,
            defaults={"left_on": left, "is_convener": convener},
        )

    def build_users(self):
        User = get_user_model()
        specs = [
            ("admin", "lianluo-admin", RoleName.ADMIN, {"is_staff": True, "is_superuser": True}),
            ("staff", "lianluo-staff", RoleName.STAFF, {"first_name": "吴静波"}),
            ("leader", "lianluo-leader", RoleName.LEADER, {}),
            ("reviewer", "lianluo-reviewer", RoleName.REVIEWER, {"first_name": "李审"}),
        ]
        users = {}
        for username, password, role, extra in specs:
            user, created = User.objects.get_or_create(username=username, defaults=extra)
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Role.objects.get(name=role))
            users[username] = (user, password)
        for username in ("staff", "reviewer"):
            profile, _ = Profile.objects.get_or_create(user=users[username][0])
            profile.areas.add(self.areas["娄底市"])
        return users

    # --- the campaign -------------------------------------------------------

    def build_campaign(self):
        campaign, _ = Campaign.objects.get_or_create(
            slug=SLUG, defaults={"title": TITLE, "start": START, "end": END, "plan": PLAN}
        )
        return campaign

    def build_groups_and_activities(self, campaign):
        days = iter(self.activity_days())
        shared_member = None
        for index, spec in enumerate(LEADERS):
            leader = self.representative(
                spec.name, spec.city, gender=spec.gender, post=spec.post, leader=True,
                national=index == 0,
            )  # fmt: skip
            campaign.leaders.add(leader)
            group, _ = Group.objects.get_or_create(
                name=spec.group, defaults={"area": self.areas[spec.city]}
            )
            self.join(leader, group)

            members = [
                self.representative(self.invent_name(), spec.city)
                for _ in range(OTHERS_PER_GROUP[index])
            ]
            for position, member in enumerate(members):
                # One member of 毛伟明's group joined during the campaign: counted.
                joined = datetime.date(2021, 7, 1) if (index, position) == (1, 5) else None
                self.join(member, group, joined=joined or datetime.date(2018, 1, 15),
                          convener=position == 0)  # fmt: skip
            # One member left the group before the campaign: not one of its members then.
            self.join(
                self.representative(self.invent_name(), spec.city), group,
                joined=datetime.date(2018, 1, 15), left=datetime.date(2021, 3, 31),
            )  # fmt: skip
            if spec.name == "刘莲玉":
                shared_member = members[1]
            if spec.name == "彭国甫":
                # A national deputy in two leader groups: counted once.
                self.join(shared_member, group)

            absentee = members[-1] if index < NOT_TAKING_PART else None
            taking_part = [leader] + [m for m in members if m is not absentee]
            self.build_activities(campaign, index, spec, group, leader, taking_part,
                                  absentee, days)  # fmt: skip

    def activity_days(self):
        """Forty days spread over the campaign, one for each activity."""
        span = (END - START).days - 20
        return [START + datetime.timedelta(days=10 + (i * span) // 40) for i in range(40)]

    def build_activities(self, campaign, index, spec, group, leader, taking_part, absentee, days):
        first_day = next(days)
        if spec.name == "毛伟明":
            first_day = datetime.date(2021, 7, 15)  # after a member joined on 1 July
        modes = [(spec.mode, spec.place, first_day)]
        if spec.second:
            modes.append((spec.second, group.area.name, next(days)))
        for number, (mode, place, day) in enumerate(modes, start=1):
            ref = f"2021ZT-{index + 1:02d}{number}"
            activity, created = Activity.objects.get_or_create(
                ref=ref,
                defaults={
                    "campaign": campaign,
                    "date": day,
                    "title": f"{spec.name}参加{group.name}“{TITLE}”主题活动",
                    "place": place,
                    "mode": mode,
                    "accompanied": spec.accompanied,
                    "summary": f"围绕{spec.topic}开展调研座谈，听取群众“急难愁盼”问题。",
                },
            )
            if not created:
                continue
            activity.groups.add(group)
            activity.leaders.add(leader)
            activity.topics.add(self.topics[spec.topic])
            if spec.name in HIGHLIGHTS:
                activity.departments.add(self.departments[HIGHLIGHTS[spec.name][2]])
            present = taking_part if number == 1 else taking_part[:6]
            rows = [Attendance(activity=activity, representative=rep, status="present")
                    for rep in present]  # fmt: skip
            if absentee:
                rows.append(Attendance(activity=activity, representative=absentee,
                                       status="leave", reason="公务冲突"))  # fmt: skip
            Attendance.objects.bulk_create(rows)
            self.build_problems(activity, spec, number)
            self.build_output(campaign, activity, spec, leader, taking_part[1], number)

    def build_problems(self, activity, spec, number):
        """One problem per first activity, two more at every second one: 28 + 17 = 45."""
        problems = []
        if number == 1:
            problems.append(HIGHLIGHTS.get(spec.name) or self.generic_problem(spec))
        else:
            problems += [self.generic_problem(spec, "（二）"), self.generic_problem(spec, "（三）")]
        for offset, (title, topic, department, outcome) in enumerate(problems):
            serial = Problem.objects.count()
            if serial >= len(PROBLEM_STATUSES):
                return
            status = PROBLEM_STATUSES[serial]
            problem = Problem(
                ref=f"2021WT-{activity.ref[-3:]}{offset}",
                activity=activity,
                is_highlight=number == 1 and spec.name in HIGHLIGHTS,
                title=title,
                topic=self.topics[topic],
                area=self.areas.get(activity.place) or activity.groups.get().area,
                department=self.departments[department],
            )
            problem.save_as_raised(by=self.users["staff"][0], note="在主题活动中收集")
            if status in ("in_progress", "resolved"):
                problem.change_status("in_progress", by=self.users["staff"][0],
                                      on=activity.date + datetime.timedelta(days=7),
                                      note=f"交{department}办理")  # fmt: skip
            if status == "resolved":
                problem.change_status("resolved", by=self.users["staff"][0],
                                      on=min(activity.date + datetime.timedelta(days=45), END),
                                      note="办结", outcome=outcome)  # fmt: skip

    def generic_problem(self, spec, suffix=""):
        title = f"{spec.place}{GENERIC_PROBLEMS[spec.topic]}{suffix}"
        return (title, spec.topic, DEPARTMENTS[len(title) % len(DEPARTMENTS)], "问题已协调解决")

    def build_output(self, campaign, activity, spec, leader, member, number):
        """Eleven outputs: a report or suggestion from each of the first eleven leaders."""
        serial = LEADERS.index(spec)
        if number != 1 or serial >= len(OUTPUT_KINDS):
            return
        kind = OUTPUT_KINDS[serial]
        label = "调研报告" if kind == Output.Kind.RESEARCH_REPORT else "建议"
        output, created = Output.objects.get_or_create(
            ref=f"2021CG-{serial + 1:02d}",
            defaults={
                "kind": kind,
                "title": f"关于{activity.place}{spec.topic}工作的{label}",
                "date": activity.date + datetime.timedelta(days=20),
                "campaign": campaign if serial % 2 else None,
                "activity": activity,
            },
        )
        if created:
            output.representatives.add(leader, member)

    def build_other_groups(self, campaign):
        """Groups without a leader: their members' guest visits do not count in the rate."""
        for number, name in enumerate(OTHER_GROUPS):
            city = name[:3]
            group, _ = Group.objects.get_or_create(name=name, defaults={"area": self.areas[city]})
            members = [self.representative(self.invent_name(), city) for _ in range(8)]
            for position, member in enumerate(members):
                self.join(member, group, convener=position == 0)
            activity, created = Activity.objects.get_or_create(
                ref=f"2021XZ-{number + 1:02d}",
                defaults={
                    "date": datetime.date(2021, 12, 10 + number),
                    "title": f"{name}年度述职活动",
                    "place": city,
                    "mode": Mode.OWN_GROUP,
                    "summary": "小组代表向原选举单位述职。",
                },
            )
            if created:
                activity.groups.add(group)
                Attendance.objects.bulk_create(
                    Attendance(activity=activity, representative=m, status="present")
                    for m in members
                )
            guest_at = Activity.objects.get(ref=f"2021ZT-{number + 1:02d}1")
            # 毛伟明 invited several deputies of other groups along (the bulletin's example).
            for guest in members[1:3] if guest_at.ref == "2021ZT-021" else members[1:2]:
                Attendance.objects.get_or_create(
                    activity=guest_at, representative=guest, defaults={"status": "guest"}
                )

    def build_contacts(self, campaign):
        for city, (share, _counties) in CITIES.items():
            ContactTally.objects.get_or_create(
                area=self.areas[city],
                start=START,
                end=END,
                defaults={
                    "campaign": campaign,
                    **{key: total * share // 100 for key, total in CONTACTS.items()},
                },
            )

    def build_media(self, campaign):
        for outlet, title, day in MEDIA:
            MediaReport.objects.get_or_create(
                outlet=outlet, title=title, defaults={"published_on": day, "campaign": campaign}
            )

    # --- the review ---------------------------------------------------------

    def build_entries_in_review(self, campaign):
        """Two entries of the demo staff member of 娄底市: one awaiting the demo reviewer
        (the member of 毛伟明's group who was away came after all: counting the records
        awaiting review, 285 of 306 members took part), and one the reviewer returned,
        which waits in the staff member's 待补录. The approved figures stay the seed's."""
        staff, reviewer = self.users["staff"][0], self.users["reviewer"][0]
        group = Group.objects.get(name="娄底市第一代表小组")
        away = Attendance.objects.filter(activity__groups=group, status="leave").first()
        shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
        submitted = datetime.datetime(2021, 11, 22, 9, 30, tzinfo=shanghai)
        entries = [
            ("2021ZT-SH1", "娄底市第一代表小组回访涟源市基层联系点", {}),
            ("2021ZT-SH2", "娄底市第一代表小组走访娄星区社区", {
                "review": Review.RETURNED,
                "reviewed_by": reviewer,
                "reviewed_at": submitted + datetime.timedelta(days=1),
                "return_reason": "缺少出席名单，请补录后重新提交。",
            }),
        ]  # fmt: skip
        for ref, title, decided in entries:
            activity, created = Activity.objects.get_or_create(
                ref=ref,
                defaults={
                    "campaign": campaign,
                    "date": datetime.date(2021, 11, 20),
                    "title": title,
                    "place": "涟源市",
                    "mode": Mode.OWN_GROUP,
                    "review": Review.SUBMITTED,
                    "submitted_by": staff,
                    "submitted_at": submitted,
                    **decided,
                },
            )
            if created:
                activity.groups.add(group)
                if not decided and away:
                    Attendance.objects.create(
                        activity=activity, representative=away.representative, status="present"
                    )
