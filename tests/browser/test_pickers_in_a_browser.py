"""A list filter's picker in a real browser, at a desk's width and a phone's: typed by
pinyin initials, chosen, applied (the scripted registration form is walked in
test_journeys.py, the no-script one in test_registration_in_a_browser.py)."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.conftest import build_world

from .conftest import pick

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # Chromium


@pytest.mark.parametrize("width", [1366, 390])
def test_a_list_is_filtered_by_a_group_typed_by_its_initials(
    browser, live_server, django_user_model, width
):
    world = build_world()
    django_user_model.objects.create_superuser("chief", password="pw-chief-123")
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("main form button[type=submit]")

    page.goto(f"{live_server.url}/activities/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    box = page.locator("#id_group-ts-control")
    box.fill("xxz")  # 湘西州第一代表小组
    page.locator(".ts-dropdown .option").filter(has_text=world.group_b.name).click()
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()

    assert f"group={quote(world.group_b.name)}" in page.url  # the picker sends the name
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(world.activity_b.title)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


def test_the_checklist_follows_the_chosen_groups_and_keeps_what_was_ticked(
    browser, live_server, django_user_model
):
    """The scripted checklist: nothing said while only the date is chosen; a group laid
    out at once; a tick kept when a second group is added; a guest who turns out to be a
    member leaves the guests; a question that gets no answer says so and brings the
    no-script button back."""
    world = build_world()
    django_user_model.objects.create_superuser("chief", password="pw-chief-123")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/activities/new/")
    checklist = page.locator("#checklist")
    refresh = page.locator("button[name=refresh]")
    expect(refresh).to_be_hidden()

    page.fill("input[name=date]", "2024-04-10")
    page.locator("input[name=title]").click()  # the date field loses the focus
    expect(checklist.locator("[role=alert]")).to_have_count(0)

    groups = page.locator("#id_groups-ts-control")
    pick(page, groups, "lxq", world.group_a.name)
    expect(checklist.locator("tbody tr")).to_have_count(2)
    page.get_by_label("吴静波 出席").check()
    guests = page.locator(".guests .ts-control input")
    pick(page, guests, "ww", "王五")  # of the other city's group, for now a guest
    expect(page.locator(".guests .ts-control .item")).to_have_count(1)

    pick(page, groups, "xxz", world.group_b.name)
    expect(checklist.locator("tbody tr")).to_have_count(4)
    expect(page.get_by_label("吴静波 出席")).to_be_checked()
    expect(page.locator(".guests .ts-control .item")).to_have_count(0)  # 王五 is a member

    page.route(
        "**/activities/new/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.locator(".ts-wrapper.multi .item", has_text=world.group_b.name).locator(".remove").click()
    expect(checklist.locator("[role=alert]")).to_contain_text("未能在此列出成员")
    expect(refresh).to_be_visible()
    page.unroute("**/activities/new/")
    with page.expect_navigation():
        refresh.click()
    expect(page.locator("#checklist tbody tr")).to_have_count(2)
    context.close()
