"""The upload page: check, preview, confirm; the import history; who may import what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import ContactTally
from ledgers.models import ImportRecord

from .conftest import database_state
from .files import LEDGERS, as_file, changed


@pytest.fixture
def staff(staff_client, imported):
    imported("contacts")
    return staff_client


def upload(client, rows, kind="contacts", file_format="utf-8-sig"):
    name, data = as_file(rows, file_format)
    return client.post(
        reverse("ledgers:import-upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def confirm(client, record):
    return client.post(reverse("ledgers:import-confirm", args=[record.pk]))


def test_the_preview_saves_nothing(staff):
    before = database_state()

    response = upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    assert (response.status_code, response.url) == (302, record.get_absolute_url())
    assert record.status == "previewed"
    assert database_state() == before


def test_the_preview_shows_the_counts_and_a_confirm_button(staff):
    upload(staff, LEDGERS["contacts"], file_format="xlsx")

    page = staff.get(ImportRecord.objects.get().get_absolute_url()).content.decode()

    assert "<tr><td>联系群众统计</td><td>2</td><td>0</td><td>0</td></tr>" in page
    assert "确认导入" in page


def test_the_preview_of_a_bad_file_shows_every_error_and_no_confirm_button(staff):
    rows = changed(LEDGERS["contacts"], 1, "解决问题数", "-3")
    upload(staff, changed(rows, 2, "单位", "长沙市"))

    record = ImportRecord.objects.get()
    page = staff.get(record.get_absolute_url()).content.decode()

    assert record.status == "refused"
    assert "2 处错误，全部未保存。" in page
    assert "<td>2</td><td>解决问题数</td><td>-3 是负数。</td>" in page
    assert "<td>3</td><td>单位</td><td>没有名为“长沙市”的地区。可用“python manage.py" in page
    assert "确认导入" not in page


def test_confirming_imports_the_file(staff):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()

    response = confirm(staff, record)

    record.refresh_from_db()
    assert response.url == record.get_absolute_url()
    assert (record.status, record.summary["created"]) == ("applied", {"联系群众统计": 2})
    assert ContactTally.objects.count() == 2


def test_a_second_confirm_does_nothing(staff):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()
    confirm(staff, record)
    record.refresh_from_db()
    first = (record.applied_at, record.summary)
    before = database_state()

    confirm(staff, record)

    record.refresh_from_db()
    assert (record.applied_at, record.summary) == first
    assert database_state() == before


def test_a_refused_file_cannot_be_confirmed(staff):
    upload(staff, changed(LEDGERS["contacts"], 1, "解决问题数", "-3"))
    record = ImportRecord.objects.get()

    confirm(staff, record)

    record.refresh_from_db()
    assert record.status == "refused"
    assert not ContactTally.objects.exists()


def test_someone_elses_preview_cannot_be_confirmed(staff, staff_a_client):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()

    response = confirm(staff_a_client, record)

    assert response.status_code == 404
    assert not ContactTally.objects.exists()


def test_the_history_lists_every_import(staff):
    upload(staff, LEDGERS["contacts"])
    upload(staff, LEDGERS["contacts"])
    confirm(staff, ImportRecord.objects.first())

    page = staff.get(reverse("ledgers:import-history")).content.decode()

    assert page.count("ledger.csv</a>") == 2
    cell = '<td class="nowrap">{}</td>'
    assert cell.format("联系群众统计") + cell.format("已导入") + "<td>2</td>" in page
    assert cell.format("联系群众统计") + cell.format("已预览，未保存") + "<td>2</td>" in page


def test_a_file_over_the_size_limit_is_refused_with_a_message(staff, settings):
    settings.LEDGER_UPLOAD_MAX_MB = 0

    response = upload(staff, LEDGERS["contacts"])

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["文件超过 0 MB，请拆分为几个文件。"]
    assert not ImportRecord.objects.exists()


def test_staff_are_not_offered_the_roster(staff):
    form = staff.get(reverse("ledgers:import-upload")).context["form"]

    assert [kind for kind, _label in form.fields["kind"].choices] == [
        "activities", "problems", "outputs", "contacts", "media", "suggestions", "duties",
    ]  # fmt: skip


def test_staff_cannot_import_a_roster(staff):
    response = upload(staff, LEDGERS["roster"], kind="roster")

    assert response.context["form"].errors["kind"] == [
        "选择一个有效的选项。 roster 不在可用的选项中。"
    ]
    assert not ImportRecord.objects.exists()


def test_admins_may_import_every_kind(admin_role_client, areas):
    form = admin_role_client.get(reverse("ledgers:import-upload")).context["form"]

    assert [kind for kind, _label in form.fields["kind"].choices] == [
        "areas", "roster", "posts", "campaigns", "activities", "problems", "outputs", "contacts",
        "media", "suggestions", "duties",
    ]  # fmt: skip


def test_admins_import_a_roster(admin_role_client, areas):
    upload(admin_role_client, LEDGERS["roster"], kind="roster")
    record = ImportRecord.objects.get()

    confirm(admin_role_client, record)

    record.refresh_from_db()
    assert (record.status, record.summary["created"]) == (
        "applied", {"代表": 3, "代表资格": 4, "小组成员": 4, "任职经历": 3},
    )  # fmt: skip


def test_leaders_get_403_on_the_upload_page(leader_client, areas):
    assert leader_client.get(reverse("ledgers:import-upload")).status_code == 403


def test_leaders_get_403_when_they_post_a_file(leader_client, areas):
    response = upload(leader_client, LEDGERS["contacts"])

    assert response.status_code == 403
    assert not ImportRecord.objects.exists()


def security_events(caplog):
    return [r for r in caplog.records if r.name == "lianluo.security"]


def test_a_file_refused_by_the_upload_form_is_logged_as_a_security_event(staff, caplog):
    staff.post(
        reverse("ledgers:import-upload"),
        {"kind": "contacts", "file": SimpleUploadedFile("tallies.exe", b"MZ")},
    )

    [event] = security_events(caplog)
    assert event.event == "upload_refused"
    assert event.request.user == staff.user
    assert "file" in event.details["reasons"]


def test_a_file_refused_as_a_whole_is_logged_with_its_reason(staff, caplog, settings):
    settings.LEDGER_MAX_ROWS = 1

    upload(staff, LEDGERS["contacts"])

    [event] = security_events(caplog)
    assert (event.event, event.details["file"]) == ("upload_refused", "ledger.csv")
    assert event.details["reasons"] == ["文件超过 1 行：请拆分为几个文件。"]
    assert ImportRecord.objects.get().status == "refused"


def test_a_file_refused_for_bad_rows_is_no_security_event(staff, caplog):
    upload(staff, changed(LEDGERS["contacts"], 1, "解决问题数", "-3"))

    assert security_events(caplog) == []


def test_a_control_character_in_the_file_name_is_dropped(staff):
    _name, data = as_file(LEDGERS["contacts"], "utf-8-sig")
    staff.post(
        reverse("ledgers:import-upload"),
        {"kind": "contacts", "file": SimpleUploadedFile("tal\x00lies\x07.csv", data)},
    )

    assert ImportRecord.objects.get().file_name == "tallies.csv"
