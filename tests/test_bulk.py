"""lianluo.bulk.insert writes rows given as tuples as the ORM would have written them: on
PostgreSQL through COPY's text format, so a value COPY treats specially (a tab, a line
break, a backslash, the text \\N) must arrive as it was sent."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianluo.bulk import insert
from representatives.models import Area, Group, Membership, Representative

AWKWARD = ["a\tb", "two\nlines\r\n", "back\\slash", "\\N", "", "引号“”'\"", "周明华"]


@pytest.fixture
def people(db):
    return [
        Representative.objects.create(code=f"HN{n}", name=name)
        for n, name in enumerate(["周明华", "刘桂兰", "李建国"])
    ]


def test_text_arrives_as_it_was_sent_and_the_keys_in_the_order_of_the_rows(db):
    rows = [(f"HN{n}", name, "") for n, name in enumerate(AWKWARD)]

    keys = insert(Representative, ["code", "name", "post"], rows, same={"initials": "x"},
                  returning=True)  # fmt: skip

    written = Representative.objects.in_bulk(keys)
    assert [(written[key].code, written[key].name) for key in keys] == [
        (code, name) for code, name, _post in rows
    ]
    assert {person.initials for person in written.values()} == {"x"}
    assert {person.is_provincial_leader for person in written.values()} == {False}  # default


def test_dates_and_empty_dates_are_written_as_dates(people):
    area = Area.objects.create(name="娄底市", kind=Area.Kind.CITY)
    group = Group.objects.create(name="娄底市第一代表小组", area=area)
    joined = datetime.date(2023, 1, 15)
    rows = [(people[0].pk, group.pk, joined, None), (people[1].pk, group.pk, None, joined)]

    keys = insert(Membership, ["representative", "group", "joined_on", "left_on"], rows,
                  returning=True)  # fmt: skip

    assert [
        Membership.objects.values_list("representative", "joined_on", "left_on").get(pk=key)
        for key in keys
    ] == [(people[0].pk, joined, None), (people[1].pk, None, joined)]


def test_json_given_as_text_is_stored_as_json(people):
    changes = '{"name": ["a\\tb", "\\\\N"]}'
    rows = [
        (str(p.pk), p.pk, p.name, LogEntry.Action.CREATE, changes, '{"path": "import"}')
        for p in people
    ]
    kind = ContentType.objects.get_for_model(Membership)  # none of the people's own entries

    insert(
        LogEntry,
        ["object_pk", "object_id", "object_repr", "action", "changes", "additional_data"],
        rows,
        same={"content_type": kind.pk},
    )

    entries = LogEntry.objects.filter(content_type=kind)
    assert {entry.object_repr for entry in entries} == {"周明华", "刘桂兰", "李建国"}
    assert {str(entry.changes) for entry in entries} == {str({"name": ["a\tb", "\\N"]})}
    assert {entry.additional_data["path"] for entry in entries} == {"import"}


def test_any_number_of_rows_takes_the_same_statements(db):
    def statements(count, first):
        rows = [(f"Q{first + n}", f"代表{n}") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            insert(Representative, ["code", "name"], rows, returning=True)
        return len(captured)

    assert statements(3, 0) == statements(300, 100)
