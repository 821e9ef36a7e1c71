"""Every export and download leaves one history entry: who, when, what kind, in which
format, chosen by which filters, how many rows; a refused one leaves none (issue 11)."""

import csv
import datetime
import io
import json
import logging

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.figures import campaign_figures, figure_rows
from activities.models import Activity, Campaign
from bulletins.models import Bulletin
from history.labels import DOWNLOADS
from ledgers.registry import FILTERS
from ledgers.views import export
from lianluo.logs import JsonFormatter

pytestmark = pytest.mark.django_db

ACCESS = LogEntry.Action.ACCESS


def downloads():
    return LogEntry.objects.filter(action=ACCESS).select_related("actor", "content_type")


def entry_of(entry):
    """What the history says of a download, the actor by name and the record by its model."""
    data = entry.additional_data
    return {
        "user": entry.actor.username if entry.actor else None,
        "model": entry.content_type.model_class(),
        "pk": entry.object_pk,
        "path": data["path"],
        "kind": data["kind"],
        "format": data["format"],
        "filters": data["filters"],
        "rows": data["rows"],
    }


def the_download():
    """The one download entry there is."""
    [entry] = downloads()
    return entry_of(entry)


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_in(response, file_format):
    """The rows of data (not the headers) in a downloaded .csv or .xlsx."""
    data = content(response)
    if file_format == "csv":
        return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) - 1
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return sum(1 for _row in sheet.iter_rows()) - 1


@pytest.fixture
def bulletin(world):
    issue = Bulletin.objects.create(
        year=2024, number=1, total_number=1, date=datetime.date(2024, 6, 1), title="春季走访"
    )
    issue.publish()
    return issue


@pytest.fixture
def draft(world):
    return Bulletin.objects.create(
        year=2024, number=2, total_number=2, date=datetime.date(2024, 7, 1), title="夏季草稿"
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", sorted(FILTERS))
def test_every_export_leaves_its_entry(world, leader_client, kind, file_format):
    response = leader_client.get(reverse("ledgers:export", args=[kind, file_format]))
    written = rows_in(response, file_format)

    assert response.status_code == 200
    assert the_download() == {
        "user": "leader",
        "model": FILTERS[kind]._meta.model,
        "pk": "",
        "path": "download",
        "kind": kind,
        "format": file_format,
        "filters": {},
        "rows": written,
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_records_the_filters_that_chose_its_rows(world, staff_a_client, file_format):
    Activity.objects.create(ref="A-2", date=datetime.date(2023, 12, 1), title="去年的活动")
    query = {
        "campaign": world.campaign.pk,
        "date_after": "2024-01-01",
        "date_before": "",  # empty: chooses nothing
        "mode": ["", ""],
        "page": "2",  # paging: not a filter
        "sort": "title",  # nothing the filters read
    }
    url = reverse("ledgers:export", args=["activities", file_format])

    response = staff_a_client.get(url, query)

    assert rows_in(response, file_format) == 1  # area A's one activity of the campaign
    download = the_download()
    assert (download["user"], download["rows"]) == ("staff-a", 1)
    assert download["filters"] == {"campaign": str(world.campaign.pk), "date_after": "2024-01-01"}


def test_a_filter_given_twice_is_recorded_with_both_values(world, leader_client):
    url = reverse("ledgers:export", args=["activities", "csv"])

    content(leader_client.get(f"{url}?q=调研&q=走访"))

    assert the_download()["filters"] == {"q": ["调研", "走访"]}


def test_an_export_counts_only_the_rows_the_user_may_see(world, staff_b_client):
    response = staff_b_client.get(reverse("ledgers:export", args=["activities", "csv"]))

    assert rows_in(response, "csv") == 1
    download = the_download()
    assert (download["user"], download["rows"]) == ("staff-b", 1)


def test_a_download_broken_off_records_the_rows_sent(world, leader_client):
    for n in range(3):
        Activity.objects.create(ref=f"C-{n}", date=datetime.date(2024, 4, 1), title=f"活动{n}")
    request = RequestFactory().get(reverse("ledgers:export", args=["activities", "csv"]))
    request.user = leader_client.user
    response = export(request, "activities", "csv")  # as a server gets it

    chunks = iter(response.streaming_content)
    next(chunks)  # the headers
    next(chunks)  # one row
    # The client went away: the server closes the response, as every WSGI server does
    # (keeping the test's connection open, as the test client does).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    assert the_download()["rows"] == 1


@pytest.mark.parametrize("file_format", ["json", "csv", "xlsx"])
def test_a_campaign_report_leaves_its_entry(world, staff_a_client, file_format):
    url = reverse("activities:campaign-report", args=[world.campaign.slug, file_format])

    response = staff_a_client.get(url)

    assert response.status_code == 200
    figures = len(figure_rows(campaign_figures(world.campaign)))
    if file_format == "json":
        assert json.loads(content(response))["campaign"] == world.campaign.slug
    else:
        assert rows_in(response, file_format) == figures
    assert the_download() == {
        "user": "staff-a",
        "model": Campaign,
        "pk": str(world.campaign.pk),
        "path": "download",
        "kind": "campaign-report",
        "format": file_format,
        "filters": {},
        "rows": figures,
    }


def test_a_bulletins_document_leaves_its_entry(world, staff_b_client, bulletin):
    response = staff_b_client.get(reverse("bulletins:bulletin-docx", args=[bulletin.pk]))

    assert response.status_code == 200
    assert the_download() == {
        "user": "staff-b",
        "model": Bulletin,
        "pk": str(bulletin.pk),
        "path": "download",
        "kind": "bulletin",
        "format": "docx",
        "filters": {},
        "rows": 1,
    }
    entry = downloads().get()
    assert entry.object_repr == str(bulletin)
    assert entry.remote_addr == "127.0.0.1"


def test_a_refused_download_leaves_no_entry(world, leader_client, django_user_model, draft):
    nobody = django_user_model.objects.create_user("no-role")  # signed in, may read nothing
    no_role = Client()
    no_role.force_login(nobody)
    anonymous = Client()
    export = reverse("ledgers:export", args=["activities", "csv"])
    report = reverse("activities:campaign-report", args=[world.campaign.slug, "csv"])
    docx = reverse("bulletins:bulletin-docx", args=[draft.pk])

    answers = [
        anonymous.get(export).status_code,
        anonymous.get(report).status_code,
        anonymous.get(docx).status_code,
        no_role.get(export).status_code,
        leader_client.get(docx).status_code,  # a draft: leaders do not see it
        leader_client.get(reverse("ledgers:export", args=["secrets", "csv"])).status_code,
        leader_client.get(reverse("ledgers:export", args=["activities", "pdf"])).status_code,
        leader_client.get(reverse("activities:campaign-report", args=["none", "csv"])).status_code,
    ]

    assert answers == [302, 302, 302, 403, 404, 404, 404, 404]
    assert not downloads().exists()


def test_an_exports_queries_do_not_grow_with_its_rows(world, leader_client):
    url = reverse("ledgers:export", args=["activities", "csv"])
    content(leader_client.get(url))  # the content types and the session, read once

    def queries():
        with CaptureQueriesContext(connection) as captured:
            content(leader_client.get(url))
        return len(captured)

    few = queries()
    for n in range(20):
        activity = Activity.objects.create(
            ref=f"M-{n}", date=datetime.date(2024, 4, 1), title=f"活动{n}"
        )
        activity.groups.add(world.group_a)
    many = queries()

    assert many == few
    assert downloads().order_by("-pk")[0].additional_data["rows"] == 22


def test_a_download_is_a_line_of_the_security_log(world, leader_client, caplog):
    caplog.set_level(logging.INFO, logger="lianluo.security")

    url = reverse("ledgers:export", args=["campaigns", "csv"])

    content(leader_client.get(url, {"title": "春"}))

    [line] = [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if getattr(record, "event", None) == "download"
    ]
    assert (line["level"], line["user"]) == ("INFO", "leader")
    assert line["details"] == {
        "path": "download",
        "kind": "campaigns",
        "format": "csv",
        "filters": {"title": "春"},
        "rows": 1,
    }


def test_an_export_from_a_command_is_recorded_as_the_shells(world, tmp_path):
    call_command("export_records", "activities", str(tmp_path / "a.xlsx"), stdout=io.StringIO())
    output = tmp_path / "spring.csv"
    call_command("campaign_report", "spring", "--format", "csv", "--output", output)
    call_command("campaign_report", "spring", stdout=io.StringIO())  # printed: no file

    exported, reported = (entry_of(entry) for entry in downloads().order_by("pk"))
    assert exported == {
        "user": None,
        "model": Activity,
        "pk": "",
        "path": "shell",
        "kind": "activities",
        "format": "xlsx",
        "filters": {},
        "rows": 2,
    }
    assert (reported["path"], reported["kind"], reported["format"]) == (
        "shell",
        "campaign-report",
        "csv",
    )
    assert reported["rows"] == len(output.read_text(encoding="utf-8-sig").splitlines()) - 1


def test_the_admin_lists_the_downloads_and_filters_them(world, admin_client, leader_client):
    url = reverse("ledgers:export", args=["activities", "csv"])
    content(leader_client.get(url, {"campaign": world.campaign.pk}))
    world.area_a.name = "娄底"
    world.area_a.save()  # a change from the shell, not a download
    changelist = reverse("admin:auditlog_logentry_changelist")

    by_path = admin_client.get(changelist, {"path": "download"})
    by_action = admin_client.get(changelist, {"action": str(ACCESS)})

    for page in (by_path, by_action):
        [shown] = page.context["cl"].result_list
        assert shown.content_type == ContentType.objects.get_for_model(Activity)
    text = by_path.content.decode()
    assert f"活动（.csv），2 行，筛选条件：campaign={world.campaign.pk}" in text
    assert "下载导出" in text  # the path, in the filter and the entry's row
    assert "下载/导出" in text  # what was done
    assert 'href="?path=download"' in text
    assert f'href="?action={ACCESS}' in text or f'href="?action={ACCESS}&amp;' in text


def test_every_ledger_kind_has_its_name_in_the_history():
    assert set(FILTERS) - DOWNLOADS.keys() == set()
