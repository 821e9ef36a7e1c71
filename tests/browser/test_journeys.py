"""The journeys of issue 12 end to end in a real browser, at a desk's width and a phone's:
an admin imports a roster, liaison staff record an activity and its problems, a leader
reads the campaign, and a reviewer approves the staff's entry. No page of them scrolls
sideways.

With LIANLUO_SCREENSHOTS=1 the same run saves the README's screenshots into
docs/screenshots/ (zh-hans, one viewport high, at both widths).
"""

import inspect
import io
import os
import pathlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.models import Q
from playwright.sync_api import expect

from activities.demo import SLUG
from activities.models import Activity, Attendance, Campaign, Problem
from bulletins.models import Bulletin
from representatives.models import Area, Representative
from representatives.widgets import label_initials

from .conftest import pick

# The live server sees only committed rows, so these tests commit (and are flushed after).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # Chromium

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WIDTHS = [1366, 390]
# The apps whose migrations may make or grant a role.
PROJECT_APPS = {"representatives", "activities", "accounts", "ledgers", "bulletins", "review"}


def restore_roles():
    """The roles as the data migrations make them: a flush between transactional tests
    removes them, so every migration step of the project that makes or grants a role
    runs again, in migration order (not a copy of what they do)."""
    loader = MigrationLoader(connection)
    plan = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    steps = [
        (key, operation.code)
        for key in plan
        if key[0] in PROJECT_APPS
        for operation in loader.graph.nodes[key].operations
        if isinstance(operation, RunPython) and makes_roles(operation.code)
    ]
    assert steps, "no migration makes the roles"
    # As on a fresh database: each step on the models and permissions of its time (a
    # role made early gets the permissions that existed then, not those added later),
    # then the permissions the migrate command's last signal makes.
    Permission.objects.all().delete()
    with connection.schema_editor() as editor:
        for key, step in steps:
            step(loader.project_state(key).apps, editor)
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


def makes_roles(step):
    return '"auth", "Group"' in inspect.getsource(step)


@pytest.fixture
def demo():
    restore_roles()
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.fixture
def at(browser, live_server, request):
    """A page at the test's width, in Chinese."""
    width = request.node.callspec.params["width"]
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900 if width > 600 else 844}
    )
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.width = width
    yield page
    context.close()


WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth)
    .slice(-5).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"""


def fits(page):
    """The page shows no sideways scroll: checked at every page of every journey."""
    page.wait_for_load_state()
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    if scroll > inner:  # name the elements that stick out, for the failure's message
        wide = page.evaluate(WIDEST)
        pytest.fail(f"{page.url} scrolls sideways: {scroll} > {inner}; {wide}")


def snap(page, name):
    if os.environ.get("LIANLUO_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("scrollTo(0, 0)")
        page.screenshot(path=SCREENSHOTS / f"{name}-{page.width}.png")


def submit(page, target):
    """Clicks `target` (a selector or a locator) and waits for the page it leads to."""
    target = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        target.click()
    fits(page)


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    fits(page)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    submit(page, "main form button[type=submit]")
    assert "/login/" not in page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_imports_a_roster(at, live_server, width):
    restore_roles()
    get_user_model().objects.create_superuser("root", password="pw-root-123")
    for city in ["娄底市", "湘西州", "长沙市"]:  # the roster's electoral units
        Area.objects.create(name=city, kind=Area.Kind.CITY)
    page = at
    log_in(page, live_server, "root", "pw-root-123")

    page.goto(f"{live_server.url}/imports/new/")
    fits(page)
    page.select_option("select[name=kind]", value="roster")
    page.set_input_files("input[name=file]", ROOT / "samples" / "roster.xlsx")
    page.get_by_role("button", name="检查文件").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    fits(page)
    expect(page.locator("main")).to_contain_text("已预览，未保存")  # the preview
    expect(page.locator("main")).to_contain_text("娄底市第一代表小组")
    assert not Representative.objects.exists()  # nothing written before the confirmation
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    fits(page)

    page.goto(f"{live_server.url}/representatives/")
    fits(page)
    main = page.locator("main")
    for name in ["周明华", "刘桂兰", "陈志强", "王建平"]:
        expect(main.get_by_text(name).first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_register_an_activity_and_resolve_a_problem_then_a_reviewer_approves_it(
    at, live_server, demo, width
):
    page = at
    log_in(page, live_server, "staff", "lianluo-staff")
    staff = get_user_model().objects.get(username="staff")
    areas = staff.profile.areas.all()
    # A group of the staff's city, two of its members, and a guest of another city.
    member = Representative.objects.filter(memberships__group__area__in=areas).distinct()
    group = member.first().memberships.filter(group__area__in=areas).first().group
    present, away = (
        Representative.objects.filter(memberships__group=group, memberships__left_on=None)
        .distinct().order_by("code")[:2]
    )  # fmt: skip
    guest = (
        Representative.objects.exclude(
            Q(memberships__group__area__in=areas) | Q(memberships__group__area__parent__in=areas)
        )
        .filter(memberships__left_on=None)
        .distinct().order_by("code").first()
    )  # fmt: skip

    page.goto(f"{live_server.url}/activities/new/")
    fits(page)
    # Staff review nothing (the roles as the migrations make them): no queue link.
    expect(page.locator("nav").get_by_role("link", name="待审核")).to_have_count(0)
    page.select_option("select[name=campaign]", value=str(Campaign.objects.get(slug=SLUG).pk))
    page.fill("input[name=date]", "2021-11-20")
    page.fill("input[name=title]", "旅程测试走访")
    # The group by its pinyin initials; the checklist lays itself out, no button pressed.
    pick(page, page.locator("#id_groups-ts-control"), label_initials(group.name), group.name)
    expect(page.get_by_label(f"{present.name} 出席")).to_be_visible()
    fits(page)
    page.get_by_label(f"{present.name} 出席").check()
    page.get_by_label(f"{away.name} 请假").check()
    page.fill(f"input[name=reason_{away.pk}]", "住院")
    # The guest of another city by pinyin initials, as the server finds them.
    guest_box = page.locator(".guests .ts-control input")
    pick(page, guest_box, guest.initials.split()[0], f"{guest.name} {guest.code}")
    snap(page, "activity-registration")
    page.click("button[name=save]")
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    fits(page)
    activity = Activity.objects.get(title="旅程测试走访")
    rows = {(a.representative_id, a.status, a.reason) for a in activity.attendance.all()}
    assert (present.pk, Attendance.Status.PRESENT, "") in rows
    assert (away.pk, Attendance.Status.LEAVE, "住院") in rows
    assert (guest.pk, Attendance.Status.GUEST, "") in rows

    page.goto(f"{live_server.url}/activities/{activity.pk}/problems/")
    fits(page)
    page.fill("input[name=problems-0-title]", "村道破损")
    page.fill("input[name=problems-1-title]", "学校缺少教师")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    fits(page)
    problems = Problem.objects.filter(activity=activity)
    assert sorted(p.title for p in problems) == ["学校缺少教师", "村道破损"]

    problem = problems.get(title="村道破损")
    page.goto(f"{live_server.url}/problems/{problem.pk}/")
    fits(page)
    status_form = page.locator("main form").filter(has=page.locator("select[name=to_status]"))
    page.select_option("select[name=to_status]", value=Problem.Status.RESOLVED)
    page.fill("input[name=changed_on]", "2021-11-25")
    submit(page, status_form.get_by_role("button", name="保存"))
    expect(page.locator("main .errorlist").first).to_be_visible()  # 成效 is required
    problem.refresh_from_db()
    assert problem.status == Problem.Status.OPEN
    page.select_option("select[name=to_status]", value=Problem.Status.RESOLVED)
    page.fill("input[name=changed_on]", "2021-11-25")
    page.fill("input[name=outcome]", "已修复村道 2 公里")
    submit(page, status_form.get_by_role("button", name="保存"))
    expect(page.locator("main")).to_contain_text("已修复村道 2 公里")
    problem.refresh_from_db()
    assert (problem.status, problem.outcome) == (Problem.Status.RESOLVED, "已修复村道 2 公里")

    # A reviewer approves the activity in 待审核, and the group's figure moves.
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    log_in(page, live_server, "reviewer", "lianluo-reviewer")
    before = group_activities(page, live_server, group)
    page.goto(f"{live_server.url}/review/")
    fits(page)
    row = page.locator("table.review-queue tbody tr").filter(
        has=page.locator(f"button[name=approve_one][value^='activity:{activity.pk}:']")
    )
    expect(row).to_contain_text("吴静波")  # the staff member, its author
    submit(page, row.get_by_role("button", name="通过", exact=True))
    expect(page.locator(f"button[value^='activity:{activity.pk}:']")).to_have_count(0)
    assert group_activities(page, live_server, group) == before + 1


def group_activities(page, live_server, group):
    """The number of counted activities of `group` on the campaign's table of groups."""
    page.goto(f"{live_server.url}/campaigns/{SLUG}/?table=groups")
    fits(page)
    row = page.locator("table.sortable tbody tr").filter(
        has=page.get_by_role("link", name=group.name, exact=True)
    )
    return int(row.locator("td").nth(2).inner_text())


@pytest.mark.parametrize("width", WIDTHS)
def test_a_leader_reads_the_campaign(at, live_server, demo, width):
    page = at
    log_in(page, live_server, "leader", "lianluo-leader")
    page.goto(f"{live_server.url}/")
    fits(page)
    snap(page, "home")

    page.goto(f"{live_server.url}/campaigns/{SLUG}/")
    fits(page)
    main = page.locator("main")
    expect(main).to_contain_text("306 名代表中 284 名参加")  # counted: approved records
    snap(page, "campaign")

    # Excel of the figures.
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel", exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert pathlib.Path(download.value.path()).read_bytes()[:2] == b"PK"

    # From a leader row to the leader.
    page.goto(f"{live_server.url}/campaigns/{SLUG}/?table=leaders")
    fits(page)
    leader = page.locator("table.sortable tbody tr td:first-child a").first
    name = leader.inner_text()
    leader.click()
    page.wait_for_url(re.compile(r"/representatives/\d+/$"))
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)

    # From an area row to the area: the leader sees the whole province, every row a link.
    page.goto(f"{live_server.url}/campaigns/{SLUG}/?table=areas")
    fits(page)
    rows = page.locator("table.sortable tbody tr")
    assert rows.count() == rows.locator("td:first-child a").count() > 1
    area = rows.locator("td:first-child a").first
    name = area.inner_text()
    area.click()
    page.wait_for_url(re.compile(r"/areas/\d+/$"))
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)

    bulletin = Bulletin.objects.order_by("pk").first()
    page.goto(live_server.url + bulletin.get_absolute_url())
    fits(page)
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    snap(page, "bulletin")
