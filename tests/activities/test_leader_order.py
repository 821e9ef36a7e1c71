"""The campaign's leader table names its leaders by the post they held during the
campaign and lists them in protocol order, the order admins keep in the admin."""

import datetime

import pytest

from activities.dashboards import leader_rows
from representatives.models import PostRank
from tests.conftest import person_with_posts

D = datetime.date


@pytest.fixture
def campaign(world):
    """The spring campaign (March to May 2024) and four leaders; one of them became 省委常委
    in April, during it."""
    c = world.campaign
    leader(c, "L1", "叶红专", ("省人大常委会副主任", None, None))
    leader(c, "L2", "李微微", ("省政协主席", None, None))
    leader(c, "L3", "罗春华", ("省委组织部常务副部长", None, D(2024, 4, 14)),
           ("省委常委、省委组织部部长", D(2024, 4, 15), None))  # fmt: skip
    leader(c, "L4", "乌兰", ("省委副书记", None, None))
    return c


def codes(rows):
    return [row["leader"].code for row in rows]


def leader(campaign, *person):
    """A provincial leader with their posts held, enrolled in `campaign`."""
    rep = person_with_posts(*person, leader=True)
    campaign.leaders.add(rep)
    return rep


def test_the_leaders_come_in_protocol_order_with_their_post_then(campaign):
    rows = leader_rows(campaign)
    assert codes(rows) == ["L2", "L4", "L3", "L1"]  # 政协主席, 省委副书记, 省委常委, 副主任
    assert [row["titled"].post for row in rows][2] == "省委常委、省委组织部部长"


def test_a_column_sorts_the_table_still(campaign):
    assert codes(leader_rows(campaign, "name")) == ["L3", "L2", "L4", "L1"]  # lch, lww, wl, yhz


def test_an_admin_changing_the_order_changes_the_table(campaign, admin_role_client, leader_client):
    page = leader_client.get(f"/campaigns/{campaign.slug}/")
    assert codes(page.context["rows"]) == ["L2", "L4", "L3", "L1"]

    line = PostRank.objects.get(keyword="省人大常委会副主任")
    response = admin_role_client.post(
        f"/admin/representatives/postrank/{line.pk}/change/",
        {"keyword": "省人大常委会副主任", "rank": 1},
    )
    assert response.status_code == 302
    page = leader_client.get(f"/campaigns/{campaign.slug}/")
    assert codes(page.context["rows"]) == ["L1", "L2", "L4", "L3"]
    assert "省委常委、省委组织部部长" in page.content.decode()


def test_the_table_asks_a_fixed_number_of_queries(campaign, django_assert_num_queries):
    with django_assert_num_queries(5):
        few = leader_rows(campaign)
    for index in range(6):
        leader(campaign, f"M{index}", f"张{index}", ("副省长", None, None))
    with django_assert_num_queries(5):
        many = leader_rows(campaign)
    assert (len(few), len(many)) == (4, 10)
