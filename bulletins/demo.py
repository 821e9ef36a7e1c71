"""The demo's bulletin: the seed issue itself, 联络动态 2021年第24期, written from the
demo campaign's records (see `activities.demo`), the distribution list it was sent to,
and the order the office names its outlets in (湖南日报 first, as the seed lists them)."""

import datetime

from .drafting import draft_text
from .models import Bulletin, DistributionList, Outlet

OUTLETS = ["湖南日报", "湖南卫视", "红网", "湖南人大网", "《人民之友》"]
DISTRIBUTION = """全国人大常委会办公厅联络局、研究室、新闻局、《中国人大》杂志社
各省（区、市）人大常委会代表联络工作机构
省委办公厅、省委组织部、省委宣传部，省人民政府办公厅，省监察委员会，省高级人民法院，省人民检察院
省人大各专门委员会，省人大常委会各办事机构、工作机构，省纪委省监委驻省人大机关纪检监察组"""


def build_seed_issue(campaign):
    """The seed issue itself, published: 2021年第24期, 总第六百四十九期."""
    for position, name in enumerate(OUTLETS, start=1):
        Outlet.objects.get_or_create(name=name, defaults={"position": position})
    recipients, _ = DistributionList.objects.get_or_create(
        name="联络动态送阅范围", defaults={"recipients": DISTRIBUTION}
    )
    if Bulletin.objects.filter(year=2021, number=24).exists():
        return
    _title, body = draft_text(campaign)
    bulletin = Bulletin.objects.create(
        year=2021,
        number=24,
        total_number=649,
        date=datetime.date(2021, 12, 25),
        title="省人大常委会推进省级领导干部代表参加代表小组主题活动走深走实",
        body=body,
        contributor="代表联络处吴静波",
        editors="石韧　谢峥嵘",
        contact_line="0731—85309270　hnrldldt@163.com",
        approval_number="湘党简准字〔2000〕第 28 号",
        distribution=recipients.recipients,
        campaign=campaign,
    )
    bulletin.publish()
