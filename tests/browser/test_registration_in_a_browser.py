"""A liaison staff member registers an activity in a real browser with scripts turned
off, start to finish: the pickers are plain selects, the checklist comes with "List the
members", a guest is found with "Find" (the scripted way is walked in test_journeys.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission

from accounts.models import Profile
from accounts.models import Role as RoleName
from activities.models import Activity, Attendance, Campaign
from representatives.models import Area, Group, Membership, Representative

# The live server sees only committed rows, so these tests commit (and are flushed after).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # Chromium

STAFF_CAN = ["add_activity", "change_activity", "view_activity", "view_representative"]


def staff_role():
    """The liaison staff role; a flush between transactional tests may have removed the
    one the data migration made, so it is made again with what these pages need."""
    role, _created = Role.objects.get_or_create(name=RoleName.STAFF)
    role.permissions.add(*Permission.objects.filter(codename__in=STAFF_CAN))
    return role


@pytest.fixture
def staff(django_user_model):
    city = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
    group = Group.objects.create(name="娄底市第一代表小组", area=city)
    for code, name in [("A1", "吴静波"), ("A2", "李四")]:
        person = Representative.objects.create(code=code, name=name)
        Membership.objects.create(representative=person, group=group)
    other_city = Area.objects.create(name="湘西州", kind=Area.Kind.CITY)
    guest_group = Group.objects.create(name="湘西州第一代表小组", area=other_city)
    guest = Representative.objects.create(code="B1", name="王五")
    Membership.objects.create(representative=guest, group=guest_group)
    Campaign.objects.create(
        title="春季走访", slug="spring",
        start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31),
    )  # fmt: skip
    user = django_user_model.objects.create_user("staff", password="pw-staff-123")
    user.groups.add(staff_role())
    Profile.objects.create(user=user).areas.add(city)
    return user


def log_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "pw-staff-123")
    page.click("button[type=submit]")


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_staff_register_an_activity_without_scripts(page, live_server, staff):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/activities/new/")
    page.select_option("select[name=campaign]", label="春季走访")
    page.fill("input[name=date]", "2024-04-10")
    page.fill("input[name=title]", "娄星区走访")
    assert page.locator(".ts-wrapper").count() == 0  # no script ran: plain selects
    page.fill("input[name=groups_query]", "娄底")  # the groups: searched, then ticked
    page.click("button[name=groups_search]")
    page.get_by_label("娄底市第一代表小组").check()
    page.click("button[name=refresh]")

    page.get_by_label("吴静波 出席").check()
    page.get_by_label("李四 请假").check()
    page.fill(f"input[name=reason_{Representative.objects.get(code='A2').pk}]", "住院")
    page.fill("input[name=guest_query]", "ww")
    page.click("button[name=search_guest]")
    page.get_by_label("王五 B1").check()
    page.click("button[name=save]")

    page.wait_for_url("**/activities/*/")
    assert "出席 1 人" in page.content()
    activity = Activity.objects.get(title="娄星区走访")
    rows = {
        (a.representative.code, a.status, a.reason)
        for a in Attendance.objects.filter(activity=activity)
    }
    assert rows == {("A1", "present", ""), ("A2", "leave", "住院"), ("B1", "guest", "")}


def test_finding_a_guest_and_listing_the_members_answer_before_the_form_is_filled(
    page, live_server, staff
):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/activities/new/")
    page.click("button[name=refresh]")

    assert page.get_by_text("列出成员前，请先填写：日期、代表小组。").is_visible()
    page.fill("input[name=guest_query]", "ww")
    page.click("button[name=search_guest]")
    assert page.get_by_label("王五 B1").is_visible()  # of another city, found by initials
    assert "湘西州第一代表小组" in page.content()


def test_a_date_outside_the_campaign_shows_its_period_and_keeps_the_input(page, live_server, staff):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/activities/new/")
    page.select_option("select[name=campaign]", label="春季走访")
    page.fill("input[name=date]", "2024-07-01")
    page.fill("input[name=title]", "越期活动")
    page.fill("input[name=groups_query]", "娄底市第一代表小组")
    page.click("button[name=groups_search]")
    page.get_by_label("娄底市第一代表小组").check()
    page.click("button[name=save]")

    assert "2024年3月1日至2024年5月31日" in page.content()
    assert page.input_value("input[name=title]") == "越期活动"
    assert not Activity.objects.exists()
