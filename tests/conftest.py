"""Personas and a small world of two areas, shared by the page tests.

Area A is 娄底市 (with 娄星区 below it), area B is 湘西州; each has one group with two
members and one activity. staff_a works for area A only, staff_b for area B only.
"""

import datetime
import io
import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group as Role
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import settings as hypothesis_settings

from accounts.models import Profile
from accounts.models import Role as RoleName
from activities.models import Activity, Attendance, Campaign
from representatives.models import Area, Group, Membership, PostHeld, Representative

# The property-based suites (hostile pages, hostile ledgers) try a few examples of each
# case in every run, to keep the suite quick; `pytest --hypothesis-profile=thorough` tries
# many more, as worth doing after a change to a form, a filter or a reader.
hypothesis_settings.register_profile("quick", max_examples=8)
hypothesis_settings.register_profile("thorough", max_examples=200)
hypothesis_settings.load_profile("quick")


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Every persona is a user with a password: hashing each with the production hasher
    (a million rounds of PBKDF2) took most of many tests' time, and proves nothing here."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True, scope="session")
def tasks_run_in_the_request():
    """Background tasks (imports) run in the request that enqueues them, on both databases,
    so the pages' tests see a check's or an import's outcome at once, inside the test's
    transaction. tests/ledgers/test_background.py runs them with the database backend and
    its worker instead, as an office's server does on PostgreSQL."""
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@pytest.fixture(autouse=True)
def no_figures_kept(settings):
    """The figures are read live (activities/caching.py keeps none): the tests of the
    figures and of the pages' queries are of the queries. `figures_kept` keeps them."""
    settings.CACHES = settings.CACHES | {
        "figures": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }


# Where the tests keep figures in Redis: the machine's own server (CI's too), a database
# of its own per test process, so that one process emptying it leaves the other's alone:
# TEST_REDIS_FIRST_DB for the first process (or the only one, without -n), the next
# numbers for the others (Redis has 16 databases, 0–15, unless configured otherwise).
TEST_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
TEST_REDIS_FIRST_DB = int(os.environ.get("TEST_REDIS_FIRST_DB", "10"))


@pytest.fixture(params=["memory", "redis"])
def figures_kept(request, settings, worker_id):
    """The figures kept as a development server keeps them (in the process's memory) and
    as a served site does (in Redis, REDIS_URL), empty at the start of the test."""
    if request.param == "memory":
        kept = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        kept["LOCATION"] = "figures-of-the-tests"
    else:
        number = TEST_REDIS_FIRST_DB + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
        kept = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
        kept["LOCATION"] = f"{TEST_REDIS}/{number}"
    settings.CACHES = settings.CACHES | {"figures": kept}
    # Every figure computed again after a write, however long it took on this machine:
    # the tests of figures served as kept while refreshed lower it (test_figures_served_kept).
    settings.FIGURES_SLOW = 3600
    caches["figures"].clear()
    yield
    caches["figures"].clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and imported files go to the test's own folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Data a module's tests share, written once, in a transaction rolled back after them.

    Use it in a module-scoped fixture. Each test of the module runs inside this transaction
    in a savepoint of its own, rolled back after the test as always, so what one test
    changes the next does not see; after the module the database is as it was.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_office(django_db_setup, django_db_blocker):
    """The demo office (activities/ and bulletins/demo.py), loaded once for a module.

    It yields what load_demo printed.

    Loading it takes seconds, so a module that needs it loads it once. Ask for it for the
    whole module (`pytest.mark.usefixtures("demo_office")` in `pytestmark`), so that every
    test of the module sees the same office whatever the order.
    """
    with kept_for_the_module(django_db_blocker):
        printed = io.StringIO()
        # The tests run with DEBUG off, as in production: loading the demo must be forced.
        call_command("load_demo", "--force", stdout=printed)
        yield printed.getvalue()


def login(django_user_model, username, role, areas=()):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1")
    user.groups.add(Role.objects.get(name=role))
    if role == RoleName.ADMIN:
        user.is_staff = True
        user.save()
    if areas:
        Profile.objects.create(user=user).areas.set(areas)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def leader_client(db, django_user_model):
    """A leader: reads everything, changes nothing."""
    return login(django_user_model, "leader", RoleName.LEADER)


@pytest.fixture
def admin_role_client(db, django_user_model):
    """An admin by role (not a superuser): manages rosters and users."""
    return login(django_user_model, "office-admin", RoleName.ADMIN)


@pytest.fixture
def staff_a_client(db, django_user_model, world):
    return login(django_user_model, "staff-a", RoleName.STAFF, [world.area_a])


@pytest.fixture
def staff_b_client(db, django_user_model, world):
    return login(django_user_model, "staff-b", RoleName.STAFF, [world.area_b])


class World:
    pass


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    w = World()
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
    w.area_a = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
    w.county_a = Area.objects.create(name="娄星区", kind=Area.Kind.COUNTY, parent=w.area_a)
    w.area_b = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
    w.campaign = Campaign.objects.create(
        title="春季走访", slug="spring",
        start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31),
    )  # fmt: skip
    w.group_a = Group.objects.create(name="娄星区代表小组", area=w.county_a)
    w.group_b = Group.objects.create(name="湘西州第一代表小组", area=w.area_b)
    w.reps_a = [
        Representative.objects.create(code="A1", name="吴静波"),
        Representative.objects.create(code="A2", name="李四"),
    ]
    w.reps_b = [
        Representative.objects.create(code="B1", name="王五"),
        Representative.objects.create(code="B2", name="赵六"),
    ]
    for group, reps in [(w.group_a, w.reps_a), (w.group_b, w.reps_b)]:
        for rep in reps:
            Membership.objects.create(
                representative=rep, group=group, joined_on=datetime.date(2023, 1, 1)
            )
    w.activity_a = make_activity(w.group_a, w.reps_a, "A-1", w.campaign)
    w.activity_b = make_activity(w.group_b, w.reps_b, "B-1", w.campaign)
    return w


def person_with_posts(code, name, *posts, leader=False):
    """A deputy (a provincial leader with `leader`) and the posts they held: each a
    (title, from, to), or a title held since before the records."""
    rep = Representative.objects.create(code=code, name=name, is_provincial_leader=leader)
    for post in posts:
        title, start, end = (post, None, None) if isinstance(post, str) else post
        PostHeld.objects.create(representative=rep, title=title, started_on=start, ended_on=end)
    return rep


def make_activity(group, reps, ref, campaign):
    activity = Activity.objects.create(
        ref=ref, campaign=campaign, date=datetime.date(2024, 4, 10), title=f"{group.name}调研"
    )
    activity.groups.add(group)
    Attendance.objects.create(activity=activity, representative=reps[0], status="present")
    Attendance.objects.create(activity=activity, representative=reps[1], status="absent")
    return activity
