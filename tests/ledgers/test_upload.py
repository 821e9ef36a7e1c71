"""The upload page: check, preview, confirm; the import history; who may import what."""

import pytest
from django.contrib.auth.models import Group as Role
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Role as RoleName
from activities.models import ContactTally
from ledgers.models import ImportRecord

from .files import LEDGERS, as_file, changed


def login(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1")
    user.groups.add(Role.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(areas, django_user_model, imported):
    imported("contacts")
    return login(django_user_model, "staff", RoleName.STAFF)


def upload(client, rows, kind="contacts"):
    name, data = as_file(rows)
    return client.post(
        reverse("ledgers:import-upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def test_the_preview_counts_what_would_change_and_saves_nothing(staff):
    response = upload(staff, LEDGERS["contacts"])

    record = ImportRecord.objects.get()
    assert response.url == record.get_absolute_url()
    assert record.status == "previewed"
    assert record.summary["created"] == {"联系群众统计": 2}
    assert not ContactTally.objects.exists()
    page = staff.get(record.get_absolute_url()).content.decode()
    assert "确认导入" in page


def test_confirming_imports_and_a_second_confirm_does_nothing(staff):
    upload(staff, LEDGERS["contacts"])
    record = ImportRecord.objects.get()
    confirm = reverse("ledgers:import-confirm", args=[record.pk])

    staff.post(confirm)
    staff.post(confirm)

    record.refresh_from_db()
    assert record.status == "applied"
    assert ContactTally.objects.count() == 2
    assert record.summary["created"] == {"联系群众统计": 2}


def test_a_bad_file_is_shown_with_its_errors_and_cannot_be_confirmed(staff):
    upload(staff, changed(LEDGERS["contacts"], 1, "解决问题数", "-3"))

    record = ImportRecord.objects.get()
    page = staff.get(record.get_absolute_url()).content.decode()
    assert record.status == "refused"
    assert "-3 是负数。" in page
    assert "确认导入" not in page
    staff.post(reverse("ledgers:import-confirm", args=[record.pk]))
    assert not ContactTally.objects.exists()


def test_the_history_lists_every_import(staff):
    upload(staff, LEDGERS["contacts"])

    page = staff.get(reverse("ledgers:import-history")).content.decode()

    assert "ledger.csv" in page
    assert "已预览，未保存" in page


def test_a_file_over_the_size_limit_is_refused_with_a_message(staff, settings):
    settings.LEDGER_UPLOAD_MAX_MB = 0

    response = upload(staff, LEDGERS["contacts"])

    assert "文件超过 0 MB，请拆分为几个文件。" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_staff_cannot_import_a_roster(staff):
    response = upload(staff, LEDGERS["roster"], kind="roster")

    assert (
        "roster" in str(response.context["form"].errors["kind"]) or response.context["form"].errors
    )
    assert not ImportRecord.objects.exists()


def test_leaders_cannot_import(areas, django_user_model):
    leader = login(django_user_model, "leader", RoleName.LEADER)

    assert leader.get(reverse("ledgers:import-upload")).status_code == 403
    assert upload(leader, LEDGERS["contacts"]).status_code == 403
