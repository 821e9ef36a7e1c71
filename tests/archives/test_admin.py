"""The archive's records in the admin: a table of points offers a line for every item of
the archive; a duty changed there is an entry for review like any other; terms."""

import datetime

import pytest
from django.urls import reverse

from activities.review import Review
from archives.models import Duty, Item, PointsTable

pytestmark = pytest.mark.django_db


def test_a_new_table_of_points_offers_every_item(admin_client):
    page = admin_client.get(reverse("admin:archives_pointstable_add"))

    formset = page.context["inline_admin_formsets"][0].formset
    assert [form.initial["item"] for form in formset.forms] == [value for value, _ in Item.choices]


def test_an_admin_sets_the_weights_of_a_table(admin_client):
    data = {"name": "2024年度履职积分表", "valid_from": "2024-01-01"}
    prefix = "weights"
    data |= {f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {f"{prefix}-0-item": Item.ATTENDED, f"{prefix}-0-points": "2"}
    data |= {f"{prefix}-1-item": Item.COMMENDATION, f"{prefix}-1-points": "5.5"}

    response = admin_client.post(reverse("admin:archives_pointstable_add"), data)

    assert response.status_code == 302
    table = PointsTable.objects.get()
    assert {w.item: str(w.points) for w in table.weights.all()} == {
        "attended": "2.00", "commendation": "5.50",
    }  # fmt: skip
    assert PointsTable.objects.in_force_on(datetime.date(2024, 6, 1)) == table
    assert PointsTable.objects.in_force_on(datetime.date(2023, 6, 1)) is None


def test_a_duty_changed_in_the_admin_awaits_review(admin_client, world):
    duty = Duty(kind=Duty.Kind.TRAINING, date=datetime.date(2024, 7, 10), title="履职培训")
    duty.approve_as_written()
    duty.save()
    duty.representatives.add(world.reps_a[0])
    url = reverse("admin:archives_duty_change", args=[duty.pk])
    data = {
        "kind": "training", "date": "2024-07-10", "title": "履职能力培训", "source": "",
        "note": "", "ref": duty.ref, "representatives": [world.reps_a[0].pk],
        "version": duty.version,
    }  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 302
    duty.refresh_from_db()
    assert (duty.title, duty.review) == ("履职能力培训", Review.SUBMITTED)


def test_the_terms_are_listed(admin_client):
    assert admin_client.get(reverse("admin:representatives_term_changelist")).status_code == 200
