"""Hostile input at every page of the app: whatever is typed, posted or put in the address,
the answer is a page or a message, never a server error.

The pages come from the URL resolver, so a new page is covered without a change here; a
page's path parameters come from the conftest world (a parameter this file cannot fill
fails loudly), and the names a page accepts from its own forms and links, plus the names
views read without a form.

The world, the personas and the records the pages open are built once for the module,
and hypothesis runs many examples inside one pytest-django test: each example runs in its
own savepoint, rolled back, so a save by one example cannot change what the next one sees,
and each test rolls back too.
"""

import datetime
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from activities.models import ContactTally, MediaReport, Output, Problem
from bulletins.models import Bulletin
from ledgers.models import ExportRecord, ImportRecord
from tests.conftest import build_world, kept_for_the_module, login

APPS = {"activities", "bulletins", "representatives", "ledgers"}
# Names views read straight from the request, not from a form the page shows.
READ_BY_VIEWS = [
    "q", "page", "sort", "table", "year", "start", "end", "date_after", "date_before",
    "date", "area", "campaign", "group", "groups", "guest", "guest_query", "all_present",
    "save", "to_status", "toggle_highlight", "kind", "version", "submission",
]  # fmt: skip
EXAMPLES = settings(
    deadline=None,
    database=None,  # nothing kept between runs: a failure prints how to reproduce it
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def app_pages(patterns=None, namespace=None):
    """(URL name, route, URL pattern) of every page of the app's namespaces."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from app_pages(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace in APPS:
            yield f"{namespace}:{entry.name}", str(entry.pattern), entry


PAGES = sorted(app_pages(), key=lambda page: page[0])


# --- values an attacker or a careless hand would send --------------------------------

PAYLOADS = [
    "", " ", "\x00", "a\x00b", "\x00" * 3, "\r\n", "\t", "\x1b[31m", "\u202e", "\ufeff",
    "0001-01-01", "9999-12-31", "0000-00-00", "10000-01-01", "-0001-01-01", "2024-02-30",
    "2024-13-01", "2024-4-1", "２０２４-０４-１０", "2024/04/10", "today", "1e309", "NaN",
    "inf", "-1", "0", "-9223372036854775809", "9223372036854775808", "9" * 40, "²", "١٢",
    "1.5", "0x10", "' OR '1'='1", "1; DROP TABLE activities_activity; --", "%", "_",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}",
    "../../etc/passwd", "%00", "a" * 5000, "字" * 2000,
]  # fmt: skip
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),  # any code point: NUL, controls and surrogates' neighbours
    st.integers().map(str),
    st.dates().map(str),
    st.from_regex(r"-?\d{1,6}-\d{1,3}-\d{1,3}", fullmatch=True),
)


class PageFields(HTMLParser):
    """The names a page's forms and links send, the values its forms hold, its options."""

    def __init__(self, html):
        super().__init__()
        self.names, self.defaults, self.options = set(), {}, set()
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea", "button") and name:
            self.names.add(name)
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio", "submit") or "checked" in attrs:
                self.defaults.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.names.add(name)
            self._select = name
        elif tag == "option" and attrs.get("value"):
            self.options.add(attrs["value"])
            if self._select and "selected" in attrs:
                self.defaults.setdefault(self._select, attrs["value"])
        elif tag == "a" and "?" in attrs.get("href", ""):
            self.names.update(key for key, _value in parse_qsl(urlsplit(attrs["href"]).query))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def field_values(fields):
    """One value, or a list of values, for a field: hostile or one the page offers."""
    one = st.one_of(hostile_text, st.sampled_from(sorted(fields.options) or [""]))
    return st.one_of(one, st.lists(one, max_size=3))


def hostile_data(fields):
    """The page's own values with some replaced, and some names it does not expect."""
    names = sorted(fields.names | set(READ_BY_VIEWS))
    overrides = st.dictionaries(st.sampled_from(names), field_values(fields), max_size=6)
    return overrides.map(lambda chosen: {**fields.defaults, **chosen})


# --- the pages, filled from the world -------------------------------------------------


@dataclass
class Shared:
    media: Path
    users: dict
    records: dict


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, the two personas and one record of every kind a page opens, in area A
    (so staff_a may open it too), built once for the module: each example's own writes
    roll back, so every test finds them as built."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), kept_for_the_module(django_db_blocker):
        world = build_world()
        users = {
            "admin": get_user_model().objects.create_superuser("admin", password="password"),
            "staff_a": login(get_user_model(), "staff-a", Role.STAFF, [world.area_a]).user,
        }
        ImportRecord.objects.bulk_create(
            ImportRecord(
                user=user, kind="activities", file_name="台账.csv",
                file=ContentFile(b"", name="ledger.csv"), status=ImportRecord.Status.REFUSED,
            )
            for user in users.values()
        )  # fmt: skip
        ExportRecord.objects.bulk_create(
            ExportRecord(
                requested_by=user, kind="activities", file_format="csv", status="done",
                file=ContentFile(b"\xef\xbb\xbf", name="activities.csv"),
                finished_at=timezone.now(),
            )
            for user in users.values()
        )  # fmt: skip
        records = {
            "areas": world.area_a,
            "activities": world.activity_a,
            "problems": Problem.objects.create(
                activity=world.activity_a, title="路灯不亮", area=world.area_a
            ),
            "outputs": Output.objects.create(
                kind="suggestion", title="建议", activity=world.activity_a
            ),
            "tallies": ContactTally.objects.create(
                area=world.area_a, start="2024-03-01", end="2024-05-31"
            ),
            "media": MediaReport.objects.create(
                outlet="湖南日报", title="报道", published_on="2024-04-11",
                activity=world.activity_a,
            ),
            "bulletins": Bulletin.objects.create(
                year=2024, number=1, total_number=1, date=datetime.date(2024, 4, 30),
                title="动态",
            ),
            "representatives": world.reps_a[0],
            "groups": world.group_a,
            "campaigns": world.campaign,
        }  # fmt: skip
        yield Shared(media, users, records)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, shared):
    """The uploaded ledgers of the shared import records stay where they were saved."""
    settings.MEDIA_ROOT = shared.media


@pytest.fixture
def records(shared):
    return shared.records


def page_kwargs(route, pattern, records, user):
    """The path parameters of a page, from the record its first segment names."""
    segment = route.lstrip("^").split("/")[0]
    kwargs = {}
    for parameter in pattern.pattern.regex.groupindex:
        if parameter == "pk" and segment == "imports":
            kwargs["pk"] = ImportRecord.objects.filter(user=user).values_list("pk", flat=True)[0]
        elif parameter == "pk" and segment == "exports":
            kwargs["pk"] = ExportRecord.objects.filter(requested_by=user).values_list(
                "pk", flat=True
            )[0]
        elif parameter == "pk":
            kwargs["pk"] = records[segment].pk
        elif parameter == "slug":
            kwargs["slug"] = records["campaigns"].slug
        elif parameter == "file_format":
            kwargs["file_format"] = "csv"
        elif parameter == "kind":
            kwargs["kind"] = "activities"
        else:
            raise AssertionError(f"Say how to fill the parameter {parameter!r} of {route!r}.")
    return kwargs


@pytest.fixture(params=["admin", "staff_a"])
def persona(request, db, shared):
    """A client of its own for each test, signed in as the persona."""
    client = Client()
    client.user = shared.users[request.param]
    client.force_login(client.user)
    return client


def url_of(name, route, pattern, records, client):
    return reverse(name, kwargs=page_kwargs(route, pattern, records, client.user))


def fields_of(client, url):
    """What the page as `client` first sees offers (nothing for a download or a refusal)."""
    response = client.get(url)
    is_page = response.get("Content-Type", "").startswith("text/html")
    return PageFields(response.content.decode() if response.status_code == 200 and is_page else "")


def assert_answered(response):
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        assert b"Traceback" not in response.content


def in_a_rolled_back_savepoint(send):
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("name", "route", "pattern"), PAGES, ids=[page[0] for page in PAGES])
def test_no_query_string_makes_a_page_fail(name, route, pattern, records, persona):
    url = url_of(name, route, pattern, records, persona)
    fields = fields_of(persona, url)

    @EXAMPLES
    @given(data=hostile_data(fields))
    def check(data):
        assert_answered(in_a_rolled_back_savepoint(lambda: persona.get(url, data)))

    check()


@pytest.mark.parametrize(("name", "route", "pattern"), PAGES, ids=[page[0] for page in PAGES])
def test_no_posted_form_makes_a_page_fail(name, route, pattern, records, persona):
    url = url_of(name, route, pattern, records, persona)
    if persona.post(url).status_code == 405:
        return  # a page that only shows: its view refuses every POST before reading it
    fields = fields_of(persona, url)

    @EXAMPLES
    @given(data=hostile_data(fields))
    def check(data):
        assert_answered(in_a_rolled_back_savepoint(lambda: persona.post(url, data)))

    check()


PAGES_WITH_PARAMETERS = [page for page in PAGES if page[2].pattern.regex.groupindex]


@pytest.mark.parametrize(
    ("name", "route", "pattern"),
    PAGES_WITH_PARAMETERS,
    ids=[page[0] for page in PAGES_WITH_PARAMETERS],
)
def test_no_address_the_route_accepts_makes_a_page_fail(name, route, pattern, records, persona):
    """Any key the route's converters let through: a huge number, a slug of nothing known."""
    known = page_kwargs(route, pattern, records, persona.user)
    converters = getattr(pattern.pattern, "converters", {})
    keys = {
        parameter: st.from_regex(f"{converters[parameter].regex}", fullmatch=True)
        if parameter in converters
        else st.just(value)
        for parameter, value in known.items()
    }

    @EXAMPLES
    @given(kwargs=st.fixed_dictionaries(keys))
    def check(kwargs):
        url = reverse(name, kwargs=kwargs)
        assert_answered(in_a_rolled_back_savepoint(lambda: persona.get(url)))

    check()
