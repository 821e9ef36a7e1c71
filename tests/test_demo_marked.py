"""While the demo is loaded its invented people and places are marked 示例数据 on every
page, and load_demo names the demo users' roles as the office does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from activities.context_processors import DEMO_LOADED
from activities.demo import SLUG
from bulletins.models import Bulletin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_office")]


def test_load_demo_prints_the_roles_by_their_labels(demo_office):
    assert "admin / lianluo-admin  [管理员]" in demo_office
    assert "staff / lianluo-staff  [联络工作人员]" in demo_office
    assert "liaison_staff" not in demo_office


@pytest.mark.parametrize("name", ["overview", "campaign", "bulletin", "representatives"])
def test_every_page_of_the_demo_is_marked_sample_data(client, django_user_model, name):
    client.force_login(django_user_model.objects.get(username="leader"))  # the demo's
    cache.delete(DEMO_LOADED)
    address = {
        "overview": reverse("activities:overview"),
        "campaign": reverse("activities:campaign-detail", args=[SLUG]),
        "bulletin": Bulletin.objects.order_by("pk").first().get_absolute_url(),
        "representatives": reverse("representatives:representative-list"),
    }[name]
    page = client.get(address).content.decode()
    assert page.count("示例数据") == 1
