"""The ledgers list a campaign's and an activity's leaders in protocol order, by the
posts they held then (representatives/protocol.py)."""

import datetime
import functools

from activities.models import Activity, Campaign
from ledgers.exports import activity_rows, campaign_rows
from tests.conftest import person_with_posts

D = datetime.date
leader = functools.partial(person_with_posts, leader=True)  # a provincial leader


def campaign_of(slug, leaders):
    campaign = Campaign.objects.create(
        slug=slug, title=slug, start=D(2021, 5, 1), end=D(2021, 11, 30)
    )
    campaign.leaders.set(leaders)
    return campaign


def test_the_leaders_cells_follow_protocol_order_on_the_day(db, django_assert_num_queries):
    ye = leader("HN1", "叶红专", ("省人大常委会副主任", None, None))
    mao = leader("HN2", "毛伟明", ("省委副书记、省长", None, None))
    luo = leader("HN3", "罗春华", ("省委组织部常务副部长", None, D(2021, 6, 17)),
                 ("省委常委、省委组织部部长", D(2021, 6, 18), None))  # fmt: skip
    campaign = campaign_of("spring", [ye, luo, mao])
    may = Activity.objects.create(ref="A1", campaign=campaign, date=D(2021, 5, 20), title="甲")
    july = Activity.objects.create(ref="A2", campaign=campaign, date=D(2021, 7, 20), title="乙")
    for activity in (may, july):
        activity.leaders.set([luo, ye, mao])

    with django_assert_num_queries(4):  # campaigns, leaders, their posts, the rank table
        (row,) = campaign_rows(Campaign.objects.all())
    assert row[-1] == "HN2、HN3、HN1"  # 省长, 省委常委 (by June), 副主任
    rows = {row[0]: row[7] for row in activity_rows(Activity.objects.all())}
    # In May 罗春华 was no 省委常委 yet: her post then ranks after every ranked one.
    assert rows == {"A1": "HN2、HN1、HN3", "A2": "HN2、HN3、HN1"}


def test_more_campaigns_ask_no_more_queries(db, django_assert_num_queries):
    people = [leader(f"HN{i}", f"张{i}", ("副省长", None, None)) for i in range(6)]
    for index in range(5):
        campaign_of(f"c{index}", people[index:])
    with django_assert_num_queries(4):
        assert len(list(campaign_rows(Campaign.objects.all()))) == 5
