"""The suggestions past their deadline or nearly due wait on the 待补录 of the staff who
follow them up, those of their areas only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Department

from .conftest import put

pytestmark = pytest.mark.django_db
MISSING = reverse("activities:missing")


@pytest.fixture
def owed(world):
    today = timezone.localdate()
    unit = Department.objects.create(name="省水利厅")
    submitted = today - datetime.timedelta(days=200)

    def assigned(number, lead, days_ago):
        s = put(lead, number=number, submitted_on=submitted)
        s.assign(unit, on=today - datetime.timedelta(days=days_ago))
        return s

    late = assigned(1, world.reps_a[0], 120)
    soon = assigned(2, world.reps_a[0], 85)
    later = assigned(3, world.reps_a[0], 30)
    answered = assigned(4, world.reps_a[0], 120)
    answered.reply("A", "已解决")
    elsewhere = assigned(5, world.reps_b[0], 120)
    assert late.deadline < today <= soon.deadline <= today + datetime.timedelta(days=14)
    assert later.deadline > today + datetime.timedelta(days=14)
    return {"late": late, "soon": soon, "later": later, "answered": answered, "b": elsewhere}


def test_staff_see_what_is_overdue_and_nearly_due_in_their_areas(staff_a_client, owed):
    with translation.override("zh-hans"):
        response = staff_a_client.get(MISSING)
    ((_template, section),) = response.context["sections"]
    assert [s.pk for s in section["overdue"]] == [owed["late"].pk]
    assert [s.pk for s in section["nearly_due"]] == [owed["soon"].pk]
    text = response.content.decode()
    assert "已超过办理期限的建议" in text
    assert owed["late"].title in text and owed["soon"].title in text
    assert owed["b"].title not in text and owed["later"].title not in text


def test_the_staff_of_another_area_see_theirs_only(staff_b_client, owed):
    ((_template, section),) = staff_b_client.get(MISSING).context["sections"]
    assert [s.pk for s in section["overdue"]] == [owed["b"].pk]
    assert section["nearly_due"] == []
