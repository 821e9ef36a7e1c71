"""The long lists' pages (lianluo/paging.py): counted up to a cap and no further, the
filters kept in every page link, a page past the end shown as the last one."""

import datetime
import re
from urllib.parse import unquote

import pytest

from activities.models import Activity
from lianluo.paging import CappedPaginator
from representatives.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(world, monkeypatch):
    """65 more activities (67 in all: three pages of 30); the count stops at 40 rows."""
    monkeypatch.setattr(CappedPaginator, "cap", 40)
    for i in range(65):
        activity = Activity.objects.create(
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i), title=f"走访{i}"
        )
        activity.groups.add(world.group_a)


def pagination(response):
    html = response.content.decode()
    return re.search(r'<p class="pagination">(.*?)</p>', html, re.S).group(1)


def links(response):
    return {
        label: unquote(href.replace("&amp;", "&"))
        for href, label in re.findall(r'<a href="\?([^"]*)">([^<]*)</a>', pagination(response))
    }


def test_a_list_longer_than_its_count_says_more_than(activities, leader_client):
    page = leader_client.get("/activities/", {"q": "走访", "page": "2"})
    assert "第 2 页（共 40 条以上）" in pagination(page)
    assert links(page) == {"上一页": "q=走访&page=1", "下一页": "q=走访&page=3"}
    assert [a.title for a in page.context["page"]] == [f"走访{i}" for i in range(34, 4, -1)]


def test_its_last_page_has_no_next_and_leads_back_to_the_first(activities, leader_client):
    page = leader_client.get("/activities/", {"q": "走访", "page": "3"})
    assert [a.title for a in page.context["page"]] == [f"走访{i}" for i in range(4, -1, -1)]
    assert links(page) == {"首页": "q=走访&page=1", "上一页": "q=走访&page=2"}


def test_a_page_past_the_end_is_the_last(activities, leader_client):
    page = leader_client.get("/activities/", {"page": "99"})
    assert page.context["page"].number == 3
    assert "第 3 页，共 3 页" in pagination(page)  # counted whole, this once
    assert leader_client.get("/activities/", {"page": "x"}).context["page"].number == 1


def test_a_list_within_the_count_says_how_many_pages(world, activities, leader_client):
    page = leader_client.get("/activities/", {"date_after": "2024-01-01", "q": "走访1"})
    assert "第 1 页" not in page.content.decode()  # 11 of them: one page, no links
    page = leader_client.get("/problems/")
    assert 'class="pagination"' not in page.content.decode()
    people = leader_client.get("/activities/", {"group": world.group_a.name, "page": "2"})
    assert "第 2 页（共 40 条以上）" in pagination(people)
    assert links(people)["下一页"] == "group=娄星区代表小组&page=3"


def test_the_representatives_list_keeps_its_filters_in_its_page_links(world, leader_client):
    Representative.objects.bulk_create(
        Representative(code=f"R{i:02}", name=f"代表{i:02}") for i in range(55)
    )
    page = leader_client.get("/representatives/", {"q": "代表", "page": "2"})
    assert [rep.code for rep in page.context["page"]] == [f"R{i}" for i in range(50, 55)]
    assert "第 2 页，共 2 页" in pagination(page)
    assert links(page) == {"上一页": "q=代表&page=1"}
