"""A suggestion's output 成果 (the one the campaign figures count) is changed only through
its suggestion: the outputs page links its row to the suggestion and does not open its
edit page, and the outputs ledger refuses a row that would change it — so the output and
its suggestion never disagree."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.models import Output
from ledgers.models import ImportRecord
from ledgers.reading import read_sheet
from ledgers.registry import IMPORTERS
from tests.ledgers.files import as_file

from .conftest import put

pytestmark = pytest.mark.django_db
LIST = reverse("activities:outputs-list")
HEADER = ["编号", "主题活动", "活动编号", "类型", "标题", "代表", "日期"]


@pytest.fixture
def followed(world, staff_a_client):
    """A suggestion of the spring campaign led by a deputy of area A, seconded by one of
    area B, with its output; and an output entered on its own."""
    suggestion = put(
        world.reps_a[0], [world.reps_b[0]], number=1, campaign=world.campaign,
        by=staff_a_client.user,
    )  # fmt: skip
    suggestion.refresh_from_db()
    alone = Output.objects.create(kind="research_report", title="调研报告", campaign=world.campaign)
    alone.representatives.add(world.reps_a[0])
    return suggestion, suggestion.output, alone


def test_the_list_links_a_followed_output_to_its_suggestion(followed, staff_a_client):
    suggestion, output, alone = followed
    with translation.override("zh-hans"):
        text = staff_a_client.get(LIST).content.decode()

    assert reverse("suggestions:detail", args=[suggestion.pk]) in text
    assert reverse("activities:outputs-edit", args=[output.pk]) not in text
    assert reverse("activities:outputs-edit", args=[alone.pk]) in text
    assert "通过其代表建议修改" in text


def test_a_viewer_who_may_not_open_the_suggestion_gets_no_link(followed, staff_b_client):
    """Staff of area B see the output (its seconder is theirs) but not the suggestion
    (its lead deputy is of area A): the title is shown, linked nowhere."""
    suggestion, output, _alone = followed
    response = staff_b_client.get(LIST)
    text = response.content.decode()

    assert output in response.context["page"].object_list
    assert output.title in text
    assert reverse("suggestions:detail", args=[suggestion.pk]) not in text
    assert reverse("activities:outputs-edit", args=[output.pk]) not in text
    assert (
        staff_b_client.get(reverse("suggestions:detail", args=[suggestion.pk])).status_code == 404
    )


@pytest.mark.parametrize("who", ["staff_a_client", "admin_role_client"])
def test_its_edit_page_is_not_found_by_get_nor_post(followed, who, request):
    client = request.getfixturevalue(who)
    _suggestion, output, alone = followed
    url = reverse("activities:outputs-edit", args=[output.pk])

    assert client.get(url).status_code == 404
    posted = client.post(url, {"kind": "suggestion", "title": "改过的标题", "date": "2025-01-20"})

    assert posted.status_code == 404
    output.refresh_from_db()
    assert output.title == "关于第1件事的建议"
    assert client.get(reverse("activities:outputs-edit", args=[alone.pk])).status_code == 200


def test_the_list_reads_in_a_fixed_number_of_queries(world, followed, staff_a_client):
    staff_a_client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        staff_a_client.get(LIST)
    for number in range(2, 8):
        put(world.reps_a[0], number=number, campaign=world.campaign)

    with CaptureQueriesContext(connection) as many:
        response = staff_a_client.get(LIST)

    assert len(response.context["page"].object_list) == 8
    assert len(many) == len(few)


def imported(rows, user, dry_run=False):
    importer = IMPORTERS["outputs"](user=user)
    name, data = as_file([HEADER, *rows])
    return importer.run(read_sheet(importer.layout, name, data), dry_run=dry_run)


def row_of(output, **changed):
    row = {
        "ref": output.ref, "campaign": "spring", "activity": "", "kind": "代表建议",
        "title": output.title, "people": "A1、B1", "date": output.date.isoformat(),
    }  # fmt: skip
    row.update(changed)
    return list(row.values())


def test_the_ledger_refuses_a_row_that_changes_it_and_saves_nothing(followed, staff_a_client):
    _suggestion, output, _alone = followed
    rows = [
        ["CG-NEW", "spring", "", "调研报告", "新的调研报告", "A1", "2025-02-01"],
        row_of(output, title="在台账里改的标题"),
    ]
    with translation.override("zh-hans"):
        report = imported(rows, staff_a_client.user)
        messages = [str(error) for error in report.errors]

    assert len(messages) == 1
    assert messages[0].startswith("第 3 行 · 编号：")
    assert f"成果“{output.ref}”计入代表建议“第0001号 关于第1件事的建议”" in messages[0]
    output.refresh_from_db()
    assert output.title == "关于第1件事的建议"
    assert not Output.objects.filter(ref="CG-NEW").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"date": "2025-03-01"},
        {"people": "A1"},  # its deputies are the suggestion's
        {"campaign": ""},
        {"kind": "调研报告"},
    ],
)
def test_every_kind_of_change_is_refused(followed, change):
    _suggestion, output, _alone = followed

    report = imported([row_of(output, **change)], None)  # the shell: no scope, trusted

    assert "编号" in [error.column for error in report.errors]
    assert Output.objects.get(pk=output.pk).representatives.count() == 2


def test_a_row_that_leaves_it_as_it_is_passes(followed, staff_a_client):
    """A list exported and uploaded again names the suggestion's output unchanged."""
    _suggestion, output, _alone = followed

    report = imported([row_of(output)], staff_a_client.user)

    assert report.ok, report.errors
    assert (sum(report.unchanged.values()), report.created, report.updated) == (1, {}, {})


def test_the_upload_page_refuses_it_too(followed, admin_role_client):
    _suggestion, output, _alone = followed
    name, data = as_file([HEADER, row_of(output, title="在台账里改的标题")], "xlsx")
    with translation.override("zh-hans"):
        admin_role_client.post(
            reverse("ledgers:import-upload"),
            {"kind": "outputs", "file": SimpleUploadedFile(name, data)},
        )
        record = ImportRecord.objects.latest("pk")
        admin_role_client.post(reverse("ledgers:import-confirm", args=[record.pk]))
    record.refresh_from_db()

    assert record.summary["ok"] is False
    (error,) = record.summary["errors"]
    assert (error["row"], error["column"]) == (2, "编号")
    assert "代表建议" in error["message"]
    assert Output.objects.get(pk=output.pk).title == "关于第1件事的建议"
    assert Output.objects.get(pk=output.pk).date == datetime.date(2025, 1, 20)


def test_the_admin_shows_it_without_changing_it(followed, django_user_model):
    _suggestion, output, alone = followed
    root = django_user_model.objects.create_superuser("root", password="pw-root-123")
    client = Client()
    client.force_login(root)
    url = reverse("admin:activities_output_change", args=[output.pk])

    page = client.get(url)
    client.post(url, {"kind": "suggestion", "title": "在后台改的标题", "date": "2025-01-20"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert Output.objects.get(pk=output.pk).title == "关于第1件事的建议"
    alone_page = client.get(reverse("admin:activities_output_change", args=[alone.pk]))
    assert 'name="_save"' in alone_page.content.decode()
