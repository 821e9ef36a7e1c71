"""Admins keep the protocol order in the admin: the lines, their ranks changed in the
list, and the provincial leaders' posts as the order ranks them (unranked ones shown)."""

from representatives.models import PostRank, Representative

URL = "/admin/representatives/postrank/"


def test_admins_see_the_order_and_how_the_leaders_posts_rank(admin_role_client):
    Representative.objects.create(
        code="1", name="毛伟明", post="省委副书记、省长", is_provincial_leader=True
    )
    Representative.objects.create(
        code="2", name="向玉兰", post="省高院院长", is_provincial_leader=True
    )
    Representative.objects.create(code="3", name="赵六", post="村党支部书记")  # no leader

    page = admin_role_client.get(URL)

    assert page.status_code == 200
    assert page.context["leaders_posts"] == [("省委副书记、省长", 20, 1), ("省高院院长", None, 1)]
    html = page.content.decode()
    assert "省委副书记、省长" in html and "未排序" in html and "村党支部书记" not in html


def test_an_admin_adds_a_line_for_a_post_the_order_missed(admin_role_client):
    response = admin_role_client.post(f"{URL}add/", {"keyword": " 省高院院长 ", "rank": 130})

    assert response.status_code == 302
    assert PostRank.objects.get(keyword="省高院院长").rank == 130
    again = admin_role_client.post(f"{URL}add/", {"keyword": "省高院院长", "rank": 1})
    assert again.status_code == 200 and PostRank.objects.filter(keyword="省高院院长").count() == 1


def test_others_may_not_change_the_order(leader_client):
    assert leader_client.get(URL).status_code == 302  # to the admin's login: not staff
