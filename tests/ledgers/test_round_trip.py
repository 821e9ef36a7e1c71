"""Every list goes round: records entered on the pages get a ref 编号 in one scheme, so each
kind's list, exported from its page and uploaded again, changes nothing."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity, Campaign, MediaReport, Output, Problem, generated_ref
from activities.review import decide
from ledgers.models import ImportRecord
from tests.conftest import login

from .conftest import database_state, run_import
from .files import LEDGERS, ORDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def entered(imported, staff_client, django_user_model):
    """The test ledgers imported, and one problem, output and media report entered on the
    pages by staff, then approved by a reviewer (the exports hold approved records)."""
    imported("suggestions")
    assert run_import("suggestions", LEDGERS["suggestions"]).ok
    activity, campaign = Activity.objects.get(ref="HD1"), Campaign.objects.get(slug="spring")
    staff_client.post(
        reverse("activities:problems-add", args=[activity.pk]),
        {"problems-TOTAL_FORMS": 1, "problems-INITIAL_FORMS": 0, "problems-0-title": "村道积水"},
    )
    staff_client.post(
        reverse("activities:outputs-add"),
        {"kind": "suggestion", "title": "关于村道排水的建议", "campaign": campaign.pk},
    )
    staff_client.post(
        reverse("activities:media-add"),
        {"outlet": "娄底日报", "title": "代表调研村道", "published_on": "2024-04-20",
         "activity": activity.pk},
    )  # fmt: skip
    reviewer = login(django_user_model, "reviewer", Role.REVIEWER).user
    for model in (Problem, Output, MediaReport):
        assert decide(model.objects.all(), reviewer, approve=True) == 1
    return staff_client


def test_records_entered_on_the_pages_get_a_ref_in_one_scheme(entered):
    problem = Problem.objects.get(title="村道积水")
    output = Output.objects.get(title="关于村道排水的建议")
    report = MediaReport.objects.get(title="代表调研村道")

    assert problem.ref == f"WT-{problem.pk:06d}"
    assert output.ref == f"CG-{output.pk:06d}"
    assert report.ref == f"BD-{report.pk:06d}"


def test_a_generated_ref_never_takes_one_an_import_gave(imported):
    imported("problems")  # the ledgers before the problems: the activities
    activity = Activity.objects.get(ref="HD1")
    next_pk = (Problem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    Problem.objects.create(ref=f"WT-{next_pk:06d}", activity=activity, title="导入的问题")

    entered = Problem.objects.create(activity=activity, title="页面录入的问题")

    assert entered.ref == f"WT-{entered.pk:06d}" != f"WT-{next_pk:06d}"
    assert generated_ref(Problem, entered.pk, "WT") == entered.ref


def exported_file(client, kind):
    response = client.get(reverse("ledgers:export", args=[kind, "xlsx"]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def uploaded(client, kind, content):
    client.post(
        reverse("ledgers:import-upload"),
        {"kind": kind, "file": SimpleUploadedFile(f"{kind}.xlsx", content)},
    )
    record = ImportRecord.objects.latest("pk")
    client.post(reverse("ledgers:import-confirm", args=[record.pk]))
    return ImportRecord.objects.get(pk=record.pk)


@pytest.mark.parametrize("kind", ORDER)
def test_each_list_exports_and_reimports_unchanged(entered, django_user_model, kind):
    admin = login(django_user_model, "office-admin", Role.ADMIN)
    content = exported_file(admin, kind)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    before = database_state()

    record = uploaded(admin, kind, content)

    assert len(rows) > 1  # something went round
    summary = record.summary
    assert (summary["errors"], summary["created"], summary["updated"]) == ([], {}, {})
    assert database_state() == before


def test_the_entered_records_are_in_their_lists_exports(entered, django_user_model):
    admin = login(django_user_model, "office-admin", Role.ADMIN)

    refs = {
        kind: {row[0] for row in openpyxl.load_workbook(
            io.BytesIO(exported_file(admin, kind))).active.values}
        for kind in ("problems", "outputs", "media")
    }  # fmt: skip

    assert any(re.fullmatch(r"WT-\d{6}", ref or "") for ref in refs["problems"])
    assert any(re.fullmatch(r"CG-\d{6}", ref or "") for ref in refs["outputs"])
    assert any(re.fullmatch(r"BD-\d{6}", ref or "") for ref in refs["media"])
    assert {"BD1", "BD2"} <= refs["media"]
