"""A leader reads the demo on a phone: no page of theirs scrolls sideways at 390 px, in
either language; a wide table scrolls in its own box instead."""

import io

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.core.management import call_command

from accounts.models import Role as RoleName
from activities.demo import SLUG
from bulletins.models import Bulletin

# The live server sees only committed rows, so these tests commit (and are flushed after).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # Chromium


@pytest.fixture
def demo():
    """The demo, loaded for the live server. A flush between transactional tests may have
    removed the roles the data migrations made: they are made again, leaders reading all."""
    for name in RoleName.values:
        Role.objects.get_or_create(name=name)
    leaders = Role.objects.get(name=RoleName.LEADER)
    leaders.permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_demo_leaders_pages_fit_a_phone(browser, live_server, demo, language):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", "lianluo-leader")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    bulletin = Bulletin.objects.order_by("pk").first()
    for address in ["/overview/", f"/campaigns/{SLUG}/", bulletin.get_absolute_url()]:
        page.goto(live_server.url + address)
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], (address, width)
    # The leader table is wider than the phone: it scrolls in its box, its names held.
    page.goto(f"{live_server.url}/campaigns/{SLUG}/?table=leaders")
    box = page.locator(".scroll", has=page.locator("table.sortable"))
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    first = page.locator("table.sortable tbody tr:first-child td:first-child")
    assert first.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    context.close()
