"""The article names officials as the office does: by the post held on the day the first
time (时任 when it was no longer theirs by the time of writing), by name after, several in
protocol order (representatives/protocol.py)."""

import datetime

from activities.models import Activity, Problem
from bulletins.drafting import highlights
from representatives.models import PostHeld, Representative
from representatives.protocol import Mentions, titled

D = datetime.date


def leader(code, name, *posts):
    rep = Representative.objects.create(code=code, name=name, is_provincial_leader=True)
    for title, start, end in posts:
        PostHeld.objects.create(representative=rep, title=title, started_on=start, ended_on=end)
    return rep


def highlighted(campaign, ref, day, place, leaders, title):
    activity = Activity.objects.create(
        ref=ref, campaign=campaign, date=day, title=title, place=place
    )
    activity.leaders.set(leaders)
    Problem.objects.create(activity=activity, title=title, is_highlight=True)


def test_highlights_name_leaders_by_post_once_in_protocol_order(world):
    campaign = world.campaign  # March to May 2024
    mao = leader("M1", "毛伟明", ("省委副书记、省长", None, None))
    ye = leader("Y1", "叶红专", ("省人大常委会副主任", None, None))
    wulan = leader(
        "W1", "乌兰", ("省委副书记", None, D(2024, 12, 31)), ("其他", D(2025, 1, 1), None)
    )
    highlighted(campaign, "H1", D(2024, 3, 20), "娄星区", [ye, mao], "传染科建设")
    highlighted(campaign, "H2", D(2024, 4, 20), "岳阳楼区", [wulan], "职业教育")
    highlighted(campaign, "H3", D(2024, 5, 20), "娄星区", [mao], "医院扩建")

    assert list(highlights(campaign)) == [
        "省委副书记、省长毛伟明，省人大常委会副主任叶红专在娄星区参加主题活动时，重点关注传染科建设，推动问题解决。",
        "时任省委副书记乌兰在岳阳楼区参加主题活动时，重点关注职业教育，推动问题解决。",
        "毛伟明在娄星区参加主题活动时，重点关注医院扩建，推动问题解决。",
    ]


def test_an_official_named_earlier_in_the_article_is_named_by_name(world):
    campaign = world.campaign
    mao = leader("M1", "毛伟明", ("省委副书记、省长", None, None))
    highlighted(campaign, "H1", D(2024, 3, 20), "娄星区", [mao], "传染科建设")
    mentions = Mentions()  # the article's, which named him in its lead paragraph

    assert mentions(titled([mao], campaign.start)) == "省委副书记、省长毛伟明"
    (sentence,) = highlights(campaign, mentions)
    assert sentence.startswith("毛伟明在娄星区")
