"""What an import writes stands for review as its sender may (activities/review.py): an
upload by staff submits every record it creates or changes as one batch; an upload by
someone who may review the kind, and the shell's import, approve it as written."""

import io

import pytest
from django.contrib.auth.models import Group as Role
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role as RoleName
from activities.models import Activity, ContactTally, Output, Problem
from activities.review import Review
from ledgers.models import ImportRecord
from tests.conftest import login

from .conftest import run_import
from .files import LEDGERS, changed, repeated, saved
from .test_upload import confirm, upload

pytestmark = pytest.mark.django_db

MODELS = {
    "activities": Activity,
    "problems": Problem,
    "outputs": Output,
    "contacts": ContactTally,
}


def uploaded(client, kind, rows=None):
    """`rows` (the kind's sample ledger) uploaded and confirmed by `client`'s user."""
    upload(client, rows or LEDGERS[kind], kind=kind)
    record = ImportRecord.objects.filter(user=client.user).latest("pk")
    confirm(client, record)
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.APPLIED, record.summary
    return record


def review_of(records):
    """{(review, submitted by, batch)} of `records`: one element when they stand alike."""
    return {
        (r.review, r.submitted_by.username if r.submitted_by else None, r.review_batch)
        for r in records
    }


@pytest.mark.parametrize("kind", MODELS)
def test_an_upload_by_staff_arrives_as_one_batch_awaiting_review(kind, imported, staff_client):
    imported(kind)

    record = uploaded(staff_client, kind)

    records = MODELS[kind].objects.all()
    assert records.count() == len(LEDGERS[kind]) - 1
    assert review_of(records) == {(Review.SUBMITTED, "staff", record.pk)}
    assert all(r.submitted_at and r.reviewed_by is None for r in records)


def test_a_preview_by_staff_submits_nothing(imported, staff_client):
    imported("contacts")

    upload(staff_client, LEDGERS["contacts"])

    assert not ContactTally.objects.exists()


@pytest.mark.parametrize("kind", MODELS)
def test_an_upload_by_an_admin_is_approved_as_written(kind, imported, admin_role_client):
    imported(kind)

    uploaded(admin_role_client, kind)

    records = MODELS[kind].objects.all()
    assert review_of(records) == {(Review.APPROVED, "office-admin", None)}
    assert {r.reviewed_by.username for r in records} == {"office-admin"}
    assert all(r.approved_at for r in records)


def test_an_upload_by_staff_who_also_review_is_approved(imported, django_user_model):
    imported("activities")
    client = login(django_user_model, "staff-reviewer", RoleName.STAFF)
    client.user.groups.add(Role.objects.get(name=RoleName.REVIEWER))

    uploaded(client, "activities")

    assert review_of(Activity.objects.all()) == {(Review.APPROVED, "staff-reviewer", None)}


@pytest.mark.parametrize("kind", MODELS)
def test_the_shells_import_is_approved_as_written(kind, imported, tmp_path):
    imported(kind)

    call_command("import_records", kind, saved(tmp_path, LEDGERS[kind]), stdout=io.StringIO())

    records = MODELS[kind].objects.all()
    assert records.exists()
    assert review_of(records) == {(Review.APPROVED, None, None)}
    assert all(r.approved_at for r in records)


def test_a_staff_reimport_submits_only_the_rows_it_changes(imported, staff_client):
    imported("outputs")  # activities and problems from the shell: approved
    hd1_attendees_changed = changed(LEDGERS["activities"], 1, "参加代表", "HN1、HN3")
    wt2_resolved = changed(
        changed(changed(LEDGERS["problems"], 2, "状态", "已解决"), 2, "成效", "已修复"),
        2,
        "解决日期",
        "2024-05-25",
    )

    activities = uploaded(staff_client, "activities", hd1_attendees_changed)
    problems = uploaded(staff_client, "problems", wt2_resolved)

    by_ref = {a.ref: a for a in Activity.objects.all()} | {p.ref: p for p in Problem.objects.all()}
    assert review_of([by_ref["HD1"]]) == {(Review.SUBMITTED, "staff", activities.pk)}
    assert review_of([by_ref["WT2"]]) == {(Review.SUBMITTED, "staff", problems.pk)}
    for unchanged in ("HD2", "WT1", "WT3"):
        assert review_of([by_ref[unchanged]]) == {(Review.APPROVED, None, None)}, unchanged


def test_a_staff_upload_of_links_alone_submits_the_record(imported, staff_client):
    imported("outputs")
    run_import("outputs", LEDGERS["outputs"])
    cg2_authors_changed = changed(LEDGERS["outputs"], 2, "代表", "HN1、HN2")

    record = uploaded(staff_client, "outputs", cg2_authors_changed)

    outputs = {o.ref: o for o in Output.objects.all()}
    assert review_of([outputs["CG2"]]) == {(Review.SUBMITTED, "staff", record.pk)}
    assert review_of([outputs["CG1"]]) == {(Review.APPROVED, None, None)}
    assert record.summary["updated"] == {"成果": 1}


def test_an_unchanged_upload_by_staff_leaves_every_record_approved(imported, staff_client):
    imported("contacts")
    run_import("contacts", LEDGERS["contacts"])

    record = uploaded(staff_client, "contacts")

    assert record.summary["unchanged"] == {"联系群众统计": 2}
    assert review_of(ContactTally.objects.all()) == {(Review.APPROVED, None, None)}


# A change to every row: links alone for activities (topics) and outputs (authors).
EVERY_ROW = {
    "activities": ("领域", "教育"),
    "problems": ("问题", "改写的问题"),
    "outputs": ("代表", "HN1"),
    "contacts": ("联系群众人次", "1"),
}


def queries(kind, rows, user):
    with CaptureQueriesContext(connection) as captured:
        report = run_import(kind, rows, user=user)
    assert report.ok, report.errors
    return len(captured)


@pytest.mark.parametrize("kind", MODELS)
def test_submitting_a_reimport_costs_the_same_queries_for_twice_the_rows(
    kind, imported, staff_client
):
    imported(kind)
    few, more = repeated(kind, 5), repeated(kind, 10, first=100)
    run_import(kind, few)
    run_import(kind, more)
    staff = staff_client.user
    warm = run_import(kind, repeated(kind, 1, first=50), user=staff)  # permissions read
    assert warm.ok, warm.errors
    column, value = EVERY_ROW[kind]
    header = LEDGERS[kind][0].index(column)

    def changed_everywhere(rows):
        return [rows[0]] + [[*row[:header], value, *row[header + 1 :]] for row in rows[1:]]

    assert queries(kind, changed_everywhere(more), staff) == queries(
        kind, changed_everywhere(few), staff
    )
    assert MODELS[kind].objects.filter(review=Review.SUBMITTED).count() == 5 + 10 + 1
