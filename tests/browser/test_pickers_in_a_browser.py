"""A list filter's picker in a real browser, at a desk's width and a phone's: typed by
pinyin initials, chosen, applied (the scripted registration form is walked in
test_journeys.py, the no-script one in test_registration_in_a_browser.py)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import build_world

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

    assert f"group={world.group_b.pk}" in page.url
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(world.activity_b.title)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()
