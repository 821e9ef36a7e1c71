"""Words in context: one English word with two meanings gets two Chinese words, the
project's catalogue leaves Django's admin its own words, and the admin speaks for the
office and names its roles as the office does."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group as Role
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role as RoleName
from activities.context_processors import DEMO_LOADED

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(django_user_model):
    user = django_user_model.objects.create_superuser("root", password="pw-root-1")
    user.groups.add(Role.objects.get(name=RoleName.STAFF))
    client = Client()
    client.force_login(user)
    return client


def header_cells(page):
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th>(.*?)</th>", page)]


def test_the_representatives_list_heads_its_name_column_with_name(leader_client):
    page = leader_client.get(reverse("representatives:representative-list")).content.decode()
    assert header_cells(page)[0] == "姓名"


def test_the_group_page_ends_its_period_with_to_not_new_status(leader_client, world):
    page = leader_client.get(reverse("archives:group", args=[world.group_a.pk]))
    page = page.content.decode()
    assert "至 <input" in page
    assert "新状态" not in page


def test_the_overview_compares_by_difference_and_the_admin_still_says_change(
    leader_client, superuser_client
):
    assert "增减" in leader_client.get(reverse("activities:overview")).content.decode()
    admin_index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "增减" not in admin_index
    assert "修改" in admin_index


def test_the_admin_is_headed_by_the_office_not_by_django(superuser_client):
    page = superuser_client.get(reverse("admin:index")).content.decode()
    assert settings.OFFICE_NAME in page
    assert "Django" not in page


def test_the_admin_names_the_auth_groups_roles_and_shows_each_by_its_label(superuser_client):
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert ">角色</a>" in index
    roles = superuser_client.get(reverse("admin:auth_group_changelist")).content.decode()
    content = roles[roles.index('id="content"') :]  # after the sidebar of every model
    for label in ["管理员", "联络工作人员", "审核人"]:
        assert label in content
    assert "角色" in content and "代表小组" not in content
    users = superuser_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "联络工作人员" in users
    root = superuser_client.get(reverse("admin:auth_user_changelist") + "?role=")
    assert root.status_code == 200
    change = superuser_client.get(
        reverse(
            "admin:auth_user_change", args=[Role.objects.get(name=RoleName.STAFF).user_set.get().pk]
        )
    ).content.decode()
    assert ">联络工作人员</option>" in change
    assert ">liaison_staff</option>" not in change


def test_the_english_ui_glosses_the_bulletins_proper_name(leader_client):
    leader_client.cookies["django_language"] = "en"
    page = leader_client.get(reverse("activities:overview")).content.decode()
    assert "Bulletin 联络动态" in page
    leader_client.cookies["django_language"] = "zh-hans"
    page = leader_client.get(reverse("activities:overview")).content.decode()
    assert ">联络动态</a>" in page


def test_no_sample_data_banner_without_the_demo(leader_client):
    cache.delete(DEMO_LOADED)  # another module's demo, rolled back, may be remembered
    page = leader_client.get(reverse("activities:overview")).content.decode()
    assert "示例数据" not in page


def test_the_upload_page_links_each_kinds_sample_and_lists_its_columns(admin_role_client):
    page = admin_role_client.get(reverse("ledgers:import-upload")).content.decode()
    samples = re.findall(r'href="/static/(samples/[^"]+)" download', page)
    assert "samples/roster.xlsx" in samples
    assert "samples/campaigns.csv" in samples
    for sample in samples:
        assert finders.find(sample), sample  # served as a static file
    assert "代表证号*" in page
    assert 'href="#formats"' in page and 'id="formats"' in page


def test_a_chart_fits_its_values_and_cuts_long_labels_keeping_them_in_a_title():
    rows = [("联合原选举单位其他小组代表一起开展活动", 1234567), ("其他", 1)]
    svg = Template("{% load dashboards %}{% bar_chart rows '活动方式' '元' %}").render(
        Context({"rows": rows})
    )
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    assert 'width="100%"' in svg
    assert "<title>联合原选举单位其他小组代表一起开展活动</title>联合原选举单位其他…" in svg
    for x, value in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" class="chart-value">(\S+?)</text>', svg
    ):
        assert float(x) + len(value) * 9 <= width, value


def test_big_numbers_read_in_wan_and_yi_in_chinese_and_with_separators_in_english():
    template = Template("{% load dashboards %}{{ n|wan_yi }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"n": 1_340_000})) == "134万"
    with translation.override("en"):
        assert template.render(Context({"n": 1_340_000})) == "1,340,000"
