"""The article names officials as the office does: by the post held on the day the first
time (时任 when it was no longer theirs by the time of writing), by name after, several in
protocol order (representatives/protocol.py)."""

import datetime
import functools

from activities.models import Activity, Problem
from bulletins.drafting import draft_text
from representatives.protocol import Mentions, titled
from tests.conftest import person_with_posts

D = datetime.date
leader = functools.partial(person_with_posts, leader=True)  # a provincial leader


def highlighted(campaign, ref, day, place, leaders, title):
    activity = Activity.objects.create(
        ref=ref, campaign=campaign, date=day, title=title, place=place
    )
    activity.leaders.set(leaders)
    Problem.objects.create(activity=activity, title=title, is_highlight=True)


def test_the_article_names_leaders_by_post_once_in_protocol_order(world):
    campaign = world.campaign  # March to May 2024
    mao = leader("M1", "毛伟明", ("省委副书记、省长", None, None))
    ye = leader("Y1", "叶红专", ("省人大常委会副主任", None, None))
    wulan = leader(
        "W1", "乌兰", ("省委副书记", None, D(2024, 12, 31)), ("其他", D(2025, 1, 1), None)
    )
    highlighted(campaign, "H1", D(2024, 3, 20), "娄星区", [ye, mao], "传染科建设")
    highlighted(campaign, "H2", D(2024, 4, 20), "岳阳楼区", [wulan], "职业教育")
    highlighted(campaign, "H3", D(2024, 5, 20), "娄星区", [mao], "医院扩建")

    _, body = draft_text(campaign)

    first = body.index("省委副书记、省长毛伟明，省人大常委会副主任叶红专到娄星区")
    assert body.index("毛伟明到娄星区", first) > first  # H3: by name alone
    assert body.count("省长毛伟明") == 1
    assert "时任省委副书记乌兰到岳阳楼区" in body  # no longer hers by the time of writing


def test_an_official_named_once_is_named_by_name_after(world):
    mao = leader("M1", "毛伟明", ("省委副书记、省长", None, None))
    mentions = Mentions()

    assert mentions(titled([mao], world.campaign.start)) == "省委副书记、省长毛伟明"
    assert mentions(titled([mao], world.campaign.end)) == "毛伟明"
