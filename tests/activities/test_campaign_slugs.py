"""A campaign's slug stands in its pages' addresses: a slug the URLs cannot take is refused
wherever it comes from (a ledger, a form, the ORM), so no record breaks the campaign list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from activities.models import Campaign
from ledgers.models import ImportRecord
from tests.test_scope import csv_upload

BAD_SLUG = "bad slug 2031"


def campaign(slug):
    return Campaign(
        title="秋季走访", slug=slug,
        start=datetime.date(2031, 9, 1), end=datetime.date(2031, 11, 30),
    )  # fmt: skip


def test_the_campaign_list_still_opens_after_a_ledger_with_a_bad_slug(world, admin_client):
    ledger = "标识,名称,开始日期,结束日期\nbad slug 2031,秋季走访,2031-09-01,2031-11-30\n"
    admin_client.post(
        reverse("ledgers:import-upload"), {"kind": "campaigns", "file": csv_upload(ledger)}
    )
    record = ImportRecord.objects.get()
    if record.status == ImportRecord.Status.PREVIEWED:
        admin_client.post(reverse("ledgers:import-confirm", args=[record.pk]))

    response = admin_client.get(reverse("activities:campaign-list"))

    assert response.status_code == 200
    assert not Campaign.objects.filter(slug=BAD_SLUG).exists()


@pytest.mark.parametrize("slug", [BAD_SLUG, "秋季走访", "autumn/2031", "autumn.2031", ""])
def test_the_database_refuses_a_slug_no_url_takes(db, slug):
    with pytest.raises(IntegrityError):
        campaign(slug).save()


def test_model_validation_says_what_a_slug_may_hold(db):
    with pytest.raises(ValidationError) as refused:
        campaign(BAD_SLUG).full_clean()

    assert "标识用在网址中：只能使用英文字母 a–z、A–Z、数字、“-”和“_”。" in refused.value.messages


def test_a_slug_the_url_takes_is_kept(db):
    campaign("Autumn_2031-b").save()

    assert reverse("activities:campaign-detail", args=["Autumn_2031-b"]) == (
        "/campaigns/Autumn_2031-b/"
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_the_slugs_stored_before_the_rule():
    executor = MigrationExecutor(connection)
    before = [("activities", "0006_versions")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("activities", "Campaign")
    fine = old.objects.create(slug="spring", title="春", start="2031-03-01", end="2031-05-31")
    spaced = old.objects.create(slug=BAD_SLUG, title="秋", start="2031-09-01", end="2031-11-30")
    chinese = old.objects.create(slug="冬季", title="冬", start="2031-12-01", end="2031-12-31")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # through 0008, and back to today

    slugs = dict(Campaign.objects.values_list("pk", "slug"))
    assert slugs == {
        fine.pk: "spring",
        spaced.pk: "bad-slug-2031",
        chinese.pk: f"campaign-{chinese.pk}",
    }
