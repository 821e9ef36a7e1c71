"""Suggestions in a real browser, at a desk's width and a phone's, on the demo: a unit's
user opens their inbox, reads the overdue suggestion, records a call with the deputies and
replies; the office finds it by its reply class in the list, and the outputs page sends
its output to the suggestion, the one place it changes. No page scrolls sideways."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from activities.models import Output
from suggestions.models import Status, Step, Suggestion

from .test_journeys import WIDTHS, fits, log_in, restore_roles, submit

# The live server sees only committed rows, so these tests commit (and are flushed after).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # Chromium


@pytest.fixture
def office(browser, live_server, request):
    """The demo loaded, and a page at the test's width, in Chinese."""
    restore_roles()
    call_command("load_demo", "--force", stdout=io.StringIO())
    width = request.node.callspec.params["width"]
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900 if width > 600 else 844}
    )
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_unit_replies_from_its_inbox_and_the_office_finds_the_reply(office, live_server, width):
    page = office
    suggestion = Suggestion.objects.get(lead_unit__name="省住房城乡建设厅")
    assert suggestion.status == Status.ASSIGNED  # the demo's overdue one

    log_in(page, live_server, "unit", "lianluo-unit")
    assert page.url.endswith("/suggestions/inbox/")  # the home page of a unit's user
    waiting = page.locator("main table").first
    expect(waiting).to_contain_text(suggestion.title)
    submit(page, waiting.get_by_role("link", name=suggestion.title))
    assert page.url.endswith(f"/suggestions/{suggestion.pk}/")
    expect(page.locator("main .facts")).to_contain_text("已超期")

    contact = page.locator("form").filter(has=page.locator("select[name=contact-form]"))
    contact.locator("select[name=contact-form]").select_option(label="电话")
    contact.locator("textarea[name=contact-note]").fill("电话联系周农代表，说明办理进度")
    submit(page, contact.get_by_role("button", name="保存"))
    expect(page.locator("main ol")).to_contain_text("电话联系周农代表")

    reply = page.locator("form").filter(has=page.locator("select[name=reply-reply_class]"))
    reply.locator("select[name=reply-reply_class]").select_option(value="B")
    submit(page, reply.get_by_role("button", name="保存"))  # no text: refused, kept
    expect(reply.locator(".errorlist")).to_be_visible()
    assert not Step.objects.filter(suggestion=suggestion, kind=Step.Kind.REPLY).exists()
    reply.locator("select[name=reply-reply_class]").select_option(value="B")
    reply.locator("textarea[name=reply-text]").fill("已列入明年城建计划，分步实施。")
    submit(page, reply.get_by_role("button", name="保存"))
    suggestion.refresh_from_db()
    assert suggestion.status == Status.ANSWERED
    expect(page.locator("main ol")).to_contain_text("已列入明年城建计划")

    page.goto(f"{live_server.url}/suggestions/inbox/")
    fits(page)
    (waiting, answered) = page.locator("main table").all()
    expect(waiting).not_to_contain_text(suggestion.title)
    expect(answered).to_contain_text(suggestion.title)

    # The office finds it among the class B replies, in the list's short filter.
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    log_in(page, live_server, "admin", "lianluo-admin")
    page.goto(f"{live_server.url}/suggestions/")
    fits(page)
    page.select_option("select[name=reply_class]", label="B：正在解决")
    submit(page, "main form.filters button[type=submit]")
    rows = page.locator("main table tbody tr")
    expect(rows.filter(has_text=suggestion.title)).to_have_count(1)
    assert rows.count() == 4  # 0002, 0003 (handled again: B), 娄底市's 0006 and this one

    # Its output is changed through it: the outputs page links there, not to an edit page.
    output = Output.objects.get(suggestion=suggestion)
    page.goto(f"{live_server.url}/outputs/?q={output.title}")
    fits(page)
    row = page.locator("main table tbody tr").filter(has_text=output.title)
    expect(row).to_contain_text("通过其代表建议修改")
    expect(row.locator(f"a[href$='/outputs/{output.pk}/edit/']")).to_have_count(0)
    submit(page, row.get_by_role("link", name=output.title))
    assert re.search(rf"/suggestions/{suggestion.pk}/$", page.url)
    page.goto(f"{live_server.url}/suggestions/dashboard/")
    fits(page)
    expect(page.locator("main")).to_contain_text("代表建议办理情况")
