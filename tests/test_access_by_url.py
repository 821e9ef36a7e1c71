"""Every URL the project routes, asked by every persona, about a record inside and one
outside their area, by GET and by POST: the answer each gets is written down here.

The routes come from the URL resolver, not from a list: a route without an entry in
EXPECTED fails (`test_every_route_has_its_answers`), as does an entry no route has. An
entry is keyed by the route's full pattern (`"bulletins/<int:pk>/docx/"`), which stays
when a view moves to another app or namespace. Every `admin/…` route follows one rule
(ADMIN), save those EXPECTED lists itself.

Answers, one per persona in the order of PERSONAS:
    login        302 to the login page            admin-login  302 to the admin's
    302          a redirect elsewhere (a success)  200, 403, 404, 405
    ok           the admin's pages: neither refused (403, to the login) nor broken (500)

A POST carries no data: enough to ask who may, not to fill a form. A request answered
short of a success (302; an admin's "ok") writes nothing to the project's tables; a 200
to staff is checked not to show the other area's records.
"""

import datetime
import functools
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse

from accounts.models import Profile, Role
from activities.models import (
    Activity,
    Attendance,
    ContactTally,
    Department,
    MediaReport,
    Output,
    Problem,
    StatusChange,
    Topic,
)
from archives.models import ArchiveBatch, Duty, Item, PointsTable, Weight
from bulletins.models import Bulletin, DistributionList
from ledgers.models import ExportRecord, ImportRecord
from ledgers.registry import FILTERS
from representatives.models import Mandate, PostHeld, Term
from suggestions.models import Suggestion
from suggestions.views import STEPS, UNIT

from .conftest import build_world, kept_for_the_module, login

PERSONAS = ("anonymous", "leader", "staff_a", "staff_b", "admin")
METHODS = ("GET", "POST")


def answers(text):
    """ "login 200 200 404 200" → {persona: answer}."""
    words = text.split()
    assert len(words) == len(PERSONAS), text
    return dict(zip(PERSONAS, words, strict=True))


def swapped(text):
    """The answers about area B's record: those about area A's, staff_a's and staff_b's
    exchanged (the world is symmetric)."""
    anonymous, leader, staff_a, staff_b, admin = text.split()
    return " ".join([anonymous, leader, staff_b, staff_a, admin])


def route(fill, get, post=None):
    """A route whose parameters `fill` gives (a variant → its parameters), answering
    `get` and `post` (the same as `get` when left out) whatever the variant."""
    post = get if post is None else post
    return {"fill": fill, "GET": dict.fromkeys(fill, get), "POST": dict.fromkeys(fill, post)}


def record(key, parameter="pk"):
    """The parameters naming record `key` of those `build` makes."""
    return lambda records: {parameter: records[key].pk}


def scoped(kind, get, post=None):
    """A route naming a record of `kind`, asked about area A's record and area B's."""
    post = get if post is None else post
    fill = {"in A": record(f"{kind}_a"), "in B": record(f"{kind}_b")}
    return {
        "fill": fill,
        "GET": {"in A": get, "in B": swapped(get)},
        "POST": {"in A": post, "in B": swapped(post)},
    }


def bulletin(published, draft):
    """A route naming a bulletin: (GET, POST) answers about a published issue, a draft."""
    return {
        "fill": {"published": record("bulletin_published"), "draft": record("bulletin_draft")},
        "GET": {"published": published[0], "draft": draft[0]},
        "POST": {"published": published[1], "draft": draft[1]},
    }


def admin_only(answer):
    """An admin page: everyone else is sent to the admin's login."""
    return f"admin-login admin-login admin-login admin-login {answer}"


def read_only_admin(model, may_delete=False):
    """The admin pages of records nobody adds or changes (nor deletes, unless `may_delete`):
    refused to the admin too, save reading them."""
    model_class = apps.get_model(*model.split("/"))
    fill = {"a record": lambda records: {"object_id": first_key(model_class)}}
    pages = {
        f"admin/{model}/add/": route(NOTHING, admin_only("403")),
        f"admin/{model}/<path:object_id>/change/": route(
            fill, admin_only("ok"), post=admin_only("403")
        ),
    }
    if not may_delete:
        pages[f"admin/{model}/<path:object_id>/delete/"] = route(fill, admin_only("403"))
    return pages


# What fills a route's parameters: variant → parameters, from the records `build` makes
# ("?": a query string).
NOTHING = {"": lambda records: {}}
CAMPAIGN = {"spring": lambda records: {"slug": records["campaign"].slug}}
REPORTS = {
    file_format: lambda records, file_format=file_format: {
        "slug": records["campaign"].slug,
        "file_format": file_format,
    }
    for file_format in ("json", "csv", "xlsx")
}
SUGGESTION_REPORTS = {
    file_format: lambda records, file_format=file_format: {"file_format": file_format}
    for file_format in ("json", "csv", "xlsx")
}
EXPORTS = {
    f"{kind}.{file_format}": lambda records, kind=kind, file_format=file_format: {
        "kind": kind,
        "file_format": file_format,
    }
    for kind in FILTERS
    for file_format in ("csv", "xlsx")
}

SEARCHES = {  # the JSON name search, for a deputy of each area
    f"for {side}": lambda records, side=side: {"?": f"q={records[f'stay_at_home_{side}'].name}"}
    for side in ("a", "b")
}

GROUP_SEARCHES = {  # the list filters' group search, for a group of each area: its answer
    # holds only the groups the user sees (tests/representatives/test_group_search.py)
    f"for {side}": lambda records, side=side: {"?": f"q={records[f'group_{side}'].name}"}
    for side in ("a", "b")
}

SIGNED_IN = "login 200 200 200 200"
READ_ONLY = "login 405 405 405 405"  # a page that only shows: a POST is refused, whoever sends it
STAFF_WRITE = "login 403 200 200 200"  # a page to add a record: staff and admins

EXPECTED = {
    # The project's own pages.
    "": route(NOTHING, "302 302 302 302 302"),
    "login/": route(NOTHING, "200 200 200 200 200"),
    "logout/": route(NOTHING, "405 405 405 405 405", post="login login login login login"),
    "i18n/setlang/": route(NOTHING, "302 302 302 302 302"),
    # The work: overview, areas, campaigns.
    "overview/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "areas/<int:pk>/": scoped("area", "login 200 200 404 200", post=READ_ONLY),
    "campaigns/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "campaigns/<slug:slug>/": route(CAMPAIGN, SIGNED_IN, post=READ_ONLY),
    r"^campaigns/(?P<slug>[-a-zA-Z0-9_]+)/report\.(?P<file_format>json|csv|xlsx)$": route(
        REPORTS, SIGNED_IN, post=READ_ONLY
    ),
    # The suggestions dashboard and its figures as files: whoever reads suggestions.
    "suggestions/dashboard/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    r"suggestions/dashboard\.(?P<file_format>json|csv|xlsx)$": route(
        SUGGESTION_REPORTS, SIGNED_IN, post=READ_ONLY
    ),
    # Activities and their problems.
    "activities/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "activities/new/": route(NOTHING, STAFF_WRITE),
    "activities/<int:pk>/": scoped("activity", "login 200 200 404 200", post=READ_ONLY),
    "activities/<int:pk>/edit/": scoped("activity", "login 403 200 404 200"),
    "activities/<int:pk>/problems/": scoped("activity", "login 403 200 404 200"),
    "problems/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "problems/open/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "problems/<int:pk>/": scoped("problem", "login 200 200 404 200", post="login 403 200 404 200"),
    "missing/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    # The review queue 待审核: reviewers' and admins' (the personas' admin reviews); a POST
    # without a tick decides nothing and goes back to the queue.
    "review/": route(NOTHING, "login 403 403 403 200", post="login 403 403 403 302"),
    # An upload's records waiting for review: reviewers' (the built imports wait for none).
    "review/uploads/<int:pk>/": scoped("import", "login 403 403 403 404", post=READ_ONLY),
    # The history (修改记录) of a record: whoever sees the record.
    "activities/<int:pk>/history/": scoped("activity", "login 200 200 404 200", post=READ_ONLY),
    "problems/<int:pk>/history/": scoped("problem", "login 200 200 404 200", post=READ_ONLY),
    "representatives/<int:pk>/history/": scoped(
        "representative", "login 200 200 404 200", post=READ_ONLY
    ),
    "groups/<int:pk>/history/": scoped("group", "login 200 200 404 200", post=READ_ONLY),
    "areas/<int:pk>/history/": scoped("area", "login 200 200 404 200", post=READ_ONLY),
    "campaigns/<slug:slug>/history/": route(CAMPAIGN, SIGNED_IN, post=READ_ONLY),
    "bulletins/<int:pk>/history/": bulletin(
        published=(SIGNED_IN, READ_ONLY), draft=("login 404 200 200 200", READ_ONLY)
    ),
    # Outputs, contact tallies, media reports: a list, a new one, an edit each.
    **{
        path: entry
        for kind, one in [("outputs", "output"), ("tallies", "tally"), ("media", "media")]
        for path, entry in [
            (f"{kind}/", route(NOTHING, SIGNED_IN, post=READ_ONLY)),
            (f"{kind}/new/", route(NOTHING, STAFF_WRITE)),
            (f"{kind}/<int:pk>/edit/", scoped(one, "login 403 200 404 200")),
        ]
    },
    # Duties 履职记录 (archives): a list for whoever reads them, a new one, an edit.
    "duties/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "duties/new/": route(NOTHING, STAFF_WRITE),
    "duties/<int:pk>/edit/": scoped("duty", "login 403 200 404 200"),
    # The bulletin: drafts only for those who may change bulletins (not leaders).
    "bulletins/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "bulletins/<int:pk>/": bulletin(
        published=(SIGNED_IN, READ_ONLY), draft=("login 404 200 200 200", READ_ONLY)
    ),
    "bulletins/<int:pk>/docx/": bulletin(
        published=(SIGNED_IN, READ_ONLY), draft=("login 404 200 200 200", READ_ONLY)
    ),
    "bulletins/<int:pk>/edit/": bulletin(  # a published issue: "make a correction"
        published=("login 403 302 302 302", "login 403 302 302 302"),
        draft=("login 403 200 200 200", "login 403 200 200 200"),
    ),
    "bulletins/<int:pk>/publish/": bulletin(
        published=("login 403 405 405 405", "login 403 302 302 302"),
        draft=("login 403 405 405 405", "login 403 302 302 302"),
    ),
    "bulletins/<int:pk>/correct/": bulletin(  # only a published issue is corrected
        published=("login 403 405 405 405", "login 403 302 302 302"),
        draft=("login 403 405 405 405", "login 403 404 404 404"),
    ),
    # The article's templates: the admins' (a POST without data is refused on the form).
    "bulletins/article/": route(NOTHING, "login 403 403 403 200", post="login 403 403 403 200"),
    "campaigns/<slug:slug>/bulletin/": route(
        CAMPAIGN, "login 403 405 405 405", post="login 403 302 302 302"
    ),
    # Imports: each scoped user sees their own; only the sender confirms a preview.
    "imports/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "imports/new/": route(NOTHING, STAFF_WRITE),
    "imports/<int:pk>/": scoped("import", "login 200 200 404 200", post=READ_ONLY),
    "imports/<int:pk>/confirm/": scoped(
        "import", "login 405 405 405 405", post="login 403 302 404 404"
    ),
    # Running a failed check or import again: as confirming it.
    "imports/<int:pk>/retry/": scoped(
        "import", "login 405 405 405 405", post="login 403 302 404 404"
    ),
    "exports/<str:kind>.<str:file_format>": route(EXPORTS, SIGNED_IN, post=READ_ONLY),
    # A background export (a large list's): its page and its file are its requester's only.
    "exports/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "exports/<int:pk>/": scoped("export", "login 404 200 404 404", post=READ_ONLY),
    "exports/<int:pk>/file/": scoped("export", "login 404 200 404 404", post=READ_ONLY),
    # The roster.
    "representatives/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "representatives/search/": route(SEARCHES, SIGNED_IN, post=READ_ONLY),
    "representatives/groups/search/": route(GROUP_SEARCHES, SIGNED_IN, post=READ_ONLY),
    # A deputy's archive 履职档案, its print and its Word file: whoever sees the deputy.
    "representatives/<int:pk>/": scoped("representative", "login 200 200 404 200", post=READ_ONLY),
    "representatives/<int:pk>/print/": scoped(
        "representative", "login 200 200 404 200", post=READ_ONLY
    ),
    "representatives/<int:pk>/archive.docx": scoped(
        "representative", "login 200 200 404 200", post=READ_ONLY
    ),
    # The archives of many deputies: a group's members, an area's deputies, as pages and
    # as a .zip of Word files; a background batch is its requester's and its scope's.
    "groups/<int:pk>/": scoped("group", "login 200 200 404 200", post=READ_ONLY),
    "groups/<int:pk>/archives.zip": scoped("group", "login 200 200 404 200", post=READ_ONLY),
    "areas/<int:pk>/deputies/": scoped("area", "login 200 200 404 200", post=READ_ONLY),
    "areas/<int:pk>/deputies/archives.zip": scoped("area", "login 200 200 404 200", post=READ_ONLY),
    "archive-batches/<int:pk>/": scoped("batch", "login 200 200 404 200", post=READ_ONLY),
    "archive-batches/<int:pk>/file/": scoped("batch", "login 200 200 404 200", post=READ_ONLY),
    # Deputies' suggestions: read by whoever sees their lead deputy; the office's steps
    # are staff's and admins', a unit's steps a department user's (test_a_department_user…).
    "suggestions/": route(NOTHING, SIGNED_IN, post=READ_ONLY),
    "suggestions/inbox/": route(NOTHING, "login 403 403 403 403", post=READ_ONLY),
    "suggestions/new/": route(NOTHING, STAFF_WRITE),
    "suggestions/<int:pk>/": scoped("suggestion", "login 200 200 404 200", post=READ_ONLY),
    "suggestions/<int:pk>/edit/": scoped("suggestion", "login 403 200 404 200"),
    "suggestions/<int:pk>/documents/<int:step>/": {
        "fill": {
            "in A": lambda r: {"pk": r["suggestion_a"].pk, "step": r["reply_a"].pk},
            "in B": lambda r: {"pk": r["suggestion_b"].pk, "step": r["reply_b"].pk},
        },
        "GET": {"in A": "login 200 200 404 200", "in B": "login 200 404 200 200"},
        "POST": {"in A": READ_ONLY, "in B": READ_ONLY},
    },
    **{
        f"suggestions/<int:pk>/{step}/": scoped(
            "suggestion",
            READ_ONLY,
            post="login 403 403 403 403" if who == UNIT else "login 403 200 404 200",
        )
        for step, (who, *_) in STEPS.items()
    },
    # The admin's pages where they differ from the rule below (ADMIN).
    "admin/login/": route(NOTHING, "200 200 200 200 302", post="200 200 200 200 200"),
    "admin/logout/": route(NOTHING, "302 302 302 302 405", post="302 302 302 302 login"),
    "admin/autocomplete/": route(NOTHING, admin_only("403"), post=admin_only("ok")),  # no field
    # Records nobody changes: a problem's history, the imports, the throttling's logs …
    **read_only_admin("activities/statuschange"),
    # Suggestions move only by their steps (suggestions/models.py), never in the admin.
    **read_only_admin("suggestions/suggestion"),
    **read_only_admin("suggestions/step"),
    **read_only_admin("ledgers/importrecord", may_delete=True),
    **read_only_admin("ledgers/exportrecord", may_delete=True),
    **read_only_admin("axes/accessattempt", may_delete=True),
    **read_only_admin("axes/accesslog"),
    **read_only_admin("auditlog/logentry"),
    **read_only_admin("axes/accessfailurelog"),
    # The article's sections and sentences are the shipped ones: edited, never added.
    "admin/bulletins/articlesection/add/": route(NOTHING, admin_only("403")),
    "admin/bulletins/articlesentence/add/": route(NOTHING, admin_only("403")),
    # … and a published bulletin (the first one), locked: a correction replaces it.
    "admin/bulletins/bulletin/<path:object_id>/change/": route(
        {"published": record("bulletin_published", "object_id")},
        admin_only("ok"),
        post=admin_only("403"),
    ),
}

# Every other admin page: the admin's only, whatever it holds (the admin sees the province).
ADMIN = admin_only("ok")

# Pages that show the whole province to every signed-in user (the campaigns are the
# province's): not checked for the other area's records.
PROVINCE_WIDE = {
    "campaigns/<slug:slug>/",
    "campaigns/<slug:slug>/history/",
    r"^campaigns/(?P<slug>[-a-zA-Z0-9_]+)/report\.(?P<file_format>json|csv|xlsx)$",
    # The guest box finds any deputy of the province, by name, card number and group only
    # (activities/reach.py; tests/activities/test_guests.py).
    "representatives/search/",
}


def join(prefix, pattern):
    """A pattern's full route, as Django writes it in `resolve(path).route`."""
    return prefix + pattern.removeprefix("^") if prefix else pattern


def walk(patterns, prefix=""):
    """The full route of every pattern the resolver routes, through every include."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, join(prefix, str(pattern.pattern)))
        else:
            yield join(prefix, str(pattern.pattern))


ROUTES = sorted(set(walk(get_resolver().url_patterns)))


def expected(full):
    if full in EXPECTED:
        return EXPECTED[full]
    if full.startswith("admin/"):
        return route(admin_fill(full), ADMIN)
    return None


def admin_fill(full):
    """The admin pages' parameters: a record of the page's model, each app, a bad path."""
    names = {a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", full)}
    if not names:
        return NOTHING
    if names == {"app_label"}:
        labels = re.search(r"\(\?P<app_label>([\w|]+)\)", full)[1].split("|")
        return {label: lambda records, label=label: {"app_label": label} for label in labels}
    if names == {"url"}:
        return {"an unknown page": lambda records: {"url": "nowhere/"}}
    if names == {"content_type_id", "object_id"}:
        return {"an activity": view_on_site}
    (name,) = names  # object_id; "id" on the page changing a user's password
    model = apps.get_model(*full.split("/")[1:3])
    return {"a record": lambda records: {name: first_key(model)}}


def view_on_site(records):
    content_type = ContentType.objects.get_for_model(Activity)
    return {"content_type_id": content_type.pk, "object_id": records["activity_a"].pk}


def first_key(model):
    first = model.objects.order_by("pk").first()
    return first.pk if first else 0


def url_for(full, parameters):
    """The path of route `full` with `parameters` in its places."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(parameters[m[1]]), full)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(parameters[m[1]]), path)
    return "/" + path.removeprefix("^").removesuffix("$").replace("\\.", ".")


CONTACTS = "单位,开始日期,结束日期,联系群众人次\n{area},2024-06-01,2024-06-30,12\n"


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module", autouse=True)
def media_in_tmp(media_root):
    """The imports' files, written once for the module (overrides the conftest's)."""
    with override_settings(MEDIA_ROOT=media_root):
        yield


@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker, media_in_tmp):
    """Two areas' worth of every kind of record, the personas and their sessions, built
    once for the module inside a transaction rolled back at its end; each test runs in
    a savepoint of its own, so a POST that changes something is undone after it."""
    with kept_for_the_module(django_db_blocker):
        yield build(get_user_model())


def build(user_model):
    world = build_world()
    clients = {
        "leader": login(user_model, "leader", Role.LEADER),
        "staff_a": login(user_model, "staff-a", Role.STAFF, [world.area_a]),
        "staff_b": login(user_model, "staff-b", Role.STAFF, [world.area_b]),
        "admin": login(user_model, "office-admin", Role.ADMIN),
    }
    sessions = {}
    for name, client in clients.items():
        session = client.session  # renewed now: no request of the module writes it again
        session["renewed_at"] = int(time.time())
        session.save()
        sessions[name] = session.session_key
    records = {"campaign": world.campaign}
    for side, area, activity, group, reps, others, staff in [
        ("a", world.area_a, world.activity_a, world.group_a, world.reps_a, world.reps_b, "staff_a"),
        ("b", world.area_b, world.activity_b, world.group_b, world.reps_b, world.reps_a, "staff_b"),
    ]:
        name = {"a": "甲地", "b": "乙地"}[side]
        problem = Problem.objects.create(activity=activity, title=f"{name}道路破损", area=area)
        StatusChange.objects.create(problem=problem, to_status="open", changed_on=activity.date)
        output = Output.objects.create(kind="suggestion", title=f"{name}成果", activity=activity)
        output.representatives.add(reps[0], others[0])  # a deputy of the other area wrote it too
        Attendance.objects.create(activity=activity, representative=others[0], status="guest")
        upload = ImportRecord.objects.create(
            user=clients[staff].user,
            kind="contacts",
            file_name=f"{name}.csv",
            file=ContentFile(CONTACTS.format(area=area.name).encode("utf-8-sig"), "ledger.csv"),
            status=ImportRecord.Status.CHECKING,
        )
        upload.run(dry_run=True)
        assert upload.confirmable, upload.summary
        export = ExportRecord.objects.create(
            requested_by=clients[staff].user, kind="contacts", file_format="csv", status="running"
        )
        export.write()  # what the background task does
        assert export.status == "done", export.failure
        batch = ArchiveBatch.objects.create(
            requested_by=clients[staff].user,
            group=group,
            start=datetime.date(2024, 1, 1),
            end=datetime.date(2024, 12, 31),
            label="2024年",
            status="done",
            deputies=2,
            file=ContentFile(b"PK\x05\x06" + bytes(18), "archives.zip"),  # an empty .zip
            finished_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
        )
        records |= {
            f"area_{side}": area,
            f"activity_{side}": activity,
            f"group_{side}": group,
            f"representative_{side}": reps[0],
            f"stay_at_home_{side}": reps[1],  # a member of the group, and nothing else
            f"problem_{side}": problem,
            f"output_{side}": output,
            f"tally_{side}": ContactTally.objects.create(
                area=area, start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31)
            ),
            f"media_{side}": MediaReport.objects.create(
                outlet="湖南日报",
                title=f"{name}报道",
                published_on=datetime.date(2024, 4, 12),
                activity=activity,
            ),
            f"duty_{side}": duty_of(name, reps[0]),
            f"import_{side}": upload,
            f"export_{side}": export,
            f"batch_{side}": batch,
        }
    for side, reps, unit in [("a", world.reps_a, "省交通运输厅"), ("b", world.reps_b, "省水利厅")]:
        suggestion = Suggestion(
            number={"a": 1, "b": 2}[side],
            year=2024,
            title=f"{ {'a': '甲地', 'b': '乙地'}[side] }修路的建议",
            submitted_on=datetime.date(2024, 4, 10),
        )
        suggestion.submit(clients["admin"].user)
        suggestion.save_with_deputies(reps[0], [])
        department = Department.objects.create(name=unit)
        suggestion.assign(department, [], on=datetime.date(2024, 4, 11))
        reply = suggestion.reply(
            "A", "已解决", on=datetime.date(2024, 5, 11), document=ContentFile(b"%PDF-", "r.pdf")
        )
        records |= {
            f"suggestion_{side}": suggestion,
            f"reply_{side}": reply,
            f"unit_{side}": department,
        }
    unit = login(user_model, "unit-a", Role.UNIT)
    Profile.objects.create(user=unit.user, department=records["unit_a"])
    session = unit.session
    session["renewed_at"] = int(time.time())
    session.save()
    sessions["unit"] = session.session_key
    published = Bulletin.objects.create(
        year=2024, number=1, total_number=1, date=datetime.date(2024, 6, 1), title="春季走访"
    )
    published.publish()
    records["bulletin_published"] = published
    records["bulletin_draft"] = Bulletin.objects.create(
        year=2024, number=2, total_number=2, date=datetime.date(2024, 7, 1), title="夏季草稿"
    )
    # A record of the admin's other kinds, so that each of its pages opens one.
    Topic.objects.create(name="乡村振兴")
    DistributionList.objects.create(name="常用", recipients="省人大常委会各位副主任")
    Mandate.objects.create(
        representative=world.reps_a[0], level="provincial", electoral_unit=world.area_a
    )
    attempt = {"username": "leader", "ip_address": "10.0.0.9", "user_agent": "pytest"}
    attempt |= {"http_accept": "*/*", "path_info": "/login/"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt)
    return records, sessions


def duty_of(name, representative):
    """A duty of the area's deputy, with their post held then (the admin's pages open
    one of each), under a table of points."""
    duty = Duty.objects.create(
        kind=Duty.Kind.INSPECTION, date=datetime.date(2024, 4, 20), title=f"{name}视察"
    )
    duty.representatives.add(representative)
    PostHeld.objects.create(representative=representative, title=f"{name}代表")
    table, _ = PointsTable.objects.get_or_create(
        valid_from=datetime.date(2024, 1, 1), defaults={"name": "2024年积分表"}
    )
    Weight.objects.get_or_create(table=table, item=Item.INSPECTION, defaults={"points": 2})
    Term.objects.get_or_create(
        level="provincial", number=14, defaults={"started_on": datetime.date(2023, 1, 15)}
    )
    return duty


def markers(records, side):
    """Texts that name area `side`'s records: none may show on the other area's pages.
    (Not the names of the deputies who went to the other area's activity as guests or
    wrote with its deputies: the other area's pages show them, not linked.)"""
    return [
        records[f"activity_{side}"].title,
        records[f"problem_{side}"].title,
        records[f"output_{side}"].title,
        records[f"media_{side}"].title,
        records[f"stay_at_home_{side}"].name,
        records[f"suggestion_{side}"].title,
        records[f"duty_{side}"].title,
    ]


def body(response):
    """The response's text, a spreadsheet's or a Word file's unpacked."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    if response["Content-Type"].startswith("application/json"):  # "\u5434" → "吴"
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8", errors="replace")


@functools.cache
def project_tables():
    """The tables of the project's own apps (not Django's sessions, not the throttling's)."""
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }
    return {model._meta.db_table for model in apps.get_models() if model._meta.app_label in ours}


WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)


class Writes(set):
    """The project's tables written to by the statements run while it watches (as
    `connection.execute_wrapper`; cheaper than capturing the queries, which formats each)."""

    def __call__(self, execute, sql, params, many, context):
        if (m := WRITE.match(sql)) and m[1] in project_tables():
            self.add(m[1])
        return execute(sql, params, many, context)


# The routes the rule ADMIN answers for; and the others, each with its entry in EXPECTED.
RULED = [full for full in ROUTES if full.startswith("admin/") and full not in EXPECTED]
LISTED = [full for full in ROUTES if full not in RULED]


def test_every_route_has_its_answers():
    missing = [full for full in ROUTES if expected(full) is None]

    assert not missing, f"Routes without expected answers in EXPECTED: {missing}"


def test_every_answer_is_for_a_route():
    assert not set(EXPECTED) - set(ROUTES), "EXPECTED lists routes the resolver no longer has"


@pytest.fixture
def db(places, django_db_blocker):
    """This module's `db`: the records built once for the module, in a savepoint undone
    after each test. (pytest-django's `db`, which it overrides, sets up a test case for
    each test: some 15 ms each, for two thousand tests; asking for a fixture named `db`
    still has pytest-django create the test database.)"""
    with django_db_blocker.unblock(), transaction.atomic():
        yield places
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "full, persona, method",
    [
        pytest.param(full, persona, method, id=f"{full} {persona} {method}")
        for full in LISTED
        for persona in PERSONAS
        for method in METHODS
    ],
)
def test_the_answer_of_each_route(db, full, persona, method):
    assert expected(full) is not None, f"{full} has no expected answers: add it to EXPECTED"

    wrong = ask(*db, full, persona, method)

    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "full, method",
    [pytest.param(full, method, id=f"{full} {method}") for full in RULED for method in METHODS],
)
def test_the_admin_pages_answer_by_the_rule(db, full, method):
    """The rule's some 160 pages, one test a page and method, each persona in turn: every
    wrong answer is named with its persona."""
    wrong = [problem for persona in PERSONAS for problem in ask(*db, full, persona, method)]

    assert not wrong, "\n".join(wrong)


def ask(records, sessions, full, persona, method):
    """Ask route `full` as `persona` by `method`, with each of its fills: what was wrong."""
    entry = expected(full)
    client = Client()
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    wrong = []
    for variant, fill in entry["fill"].items():
        parameters = fill(records)
        query = parameters.pop("?", "")
        path = url_for(full, parameters)
        assert resolve(path).route == full, f"{path} does not reach {full}"
        want = answers(entry[method][variant])[persona]
        if query:
            path = f"{path}?{query}"

        writes = Writes()
        with connection.execute_wrapper(writes):
            response = client.get(path) if method == "GET" else client.post(path)

        where = f"{method} {path} ({variant or 'no parameter'}) as {persona}"
        wrong += misanswer(response, want, where)
        if want not in SUCCESSES and writes:
            wrong.append(f"{where} answered {want} but wrote to {sorted(writes)}")
        if response.status_code == 200 and persona in STAFF and full not in PROVINCE_WIDE:
            shown = body(response)
            other = "b" if persona == "staff_a" else "a"
            wrong += [
                f"{where} shows {text!r}, of the other area"
                for text in markers(records, other)
                if text in shown
            ]
    return wrong


STAFF = ("staff_a", "staff_b")
SUCCESSES = {"302", "ok"}


def misanswer(response, want, where):
    """[what is wrong] with `response`, where `want` was expected; [] when right."""
    status = response.status_code
    location = response.get("Location", "")
    sent_to_log_in = location.startswith((reverse("login"), reverse("admin:login")))
    if want == "ok":
        right = status not in (403, 500) and not sent_to_log_in
    elif want == "login":
        right = status == 302 and location.startswith(reverse("login"))
    elif want == "admin-login":
        right = status == 302 and location.startswith(reverse("admin:login"))
    else:
        right = status == int(want) and not (want == "302" and sent_to_log_in)
    return [] if right else [f"{where}: {status} {location}, expected {want}"]


def unit_answer(full, method, variant):
    """What a department user 承办单位 of area A's suggestion's unit gets: their suggestion
    pages, and a refusal (403) of every other page of the app, the admin's included."""
    if full == "":
        return "302"  # to their inbox
    if full in ("login/", "i18n/setlang/", "logout/"):
        return {"login/": "200", "i18n/setlang/": "302"}.get(
            full, "405" if method == "GET" else "login"
        )
    if not full.startswith("suggestions/"):
        return "403"
    if full in ("suggestions/", "suggestions/inbox/"):
        return "200" if method == "GET" else "405"
    if full in ("suggestions/new/", "suggestions/<int:pk>/edit/"):
        return "403"
    if full.startswith("suggestions/dashboard"):
        return "403"  # the figures are the office's
    step = full.removeprefix("suggestions/<int:pk>/").strip("/")
    if step in STEPS:
        if method == "GET":
            return "405"
        if STEPS[step][0] != UNIT:
            return "403"
    elif method == "POST":
        return "405"
    return "200" if variant == "in A" else "404"


@pytest.mark.parametrize("full", [full for full in LISTED if not full.startswith("admin/")])
def test_a_department_user_reaches_only_their_suggestions(db, full):
    records, sessions = db
    entry = expected(full)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessions["unit"]
    wrong = []
    for method in METHODS:
        for variant, fill in entry["fill"].items():
            parameters = fill(records)
            query = parameters.pop("?", "")
            path = url_for(full, parameters) + (f"?{query}" if query else "")
            response = client.get(path) if method == "GET" else client.post(path)
            where = f"{method} {path} ({variant or 'no parameter'}) as a department user"
            wrong += misanswer(response, unit_answer(full, method, variant), where)
            if response.status_code == 200 and records["suggestion_b"].title in body(response):
                wrong.append(f"{where} shows another unit's suggestion")
    assert not wrong, "\n".join(wrong)


def test_a_department_user_is_refused_the_admin(db):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = db[1]["unit"]
    assert client.get(reverse("admin:index")).status_code == 403
