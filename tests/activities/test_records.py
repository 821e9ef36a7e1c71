"""Outputs, contact tallies and media reports entered by staff."""

import pytest
from django.urls import reverse

from activities.models import ContactTally, MediaReport, Output

pytestmark = pytest.mark.django_db


def test_staff_add_a_contact_tally_for_their_area(world, staff_a_client):
    data = {"area": world.county_a.pk, "start": "2024-03-01", "end": "2024-05-31",
            "person_times": "1200", "problems_solved": "30", "aid_yuan": "150000"}  # fmt: skip

    response = staff_a_client.post(reverse("activities:tallies-add"), data)

    assert response.status_code == 302
    tally = ContactTally.objects.get()
    assert (tally.area, tally.person_times, tally.aid_yuan) == (world.county_a, 1200, 150000)


def test_a_tally_for_another_area_or_a_negative_number_is_refused(world, staff_a_client):
    other = {"area": world.area_b.pk, "start": "2024-03-01", "end": "2024-05-31",
             "person_times": "1", "problems_solved": "0", "aid_yuan": "0"}  # fmt: skip
    negative = {**other, "area": world.area_a.pk, "person_times": "-5"}

    refused_area = staff_a_client.post(reverse("activities:tallies-add"), other)
    refused_number = staff_a_client.post(reverse("activities:tallies-add"), negative)

    assert "area" in refused_area.context["form"].errors
    assert "person_times" in refused_number.context["form"].errors
    assert not ContactTally.objects.exists()


def test_staff_add_an_output_with_its_representatives(world, staff_a_client):
    data = {
        "kind": "research_report",
        "title": "关于村道的调研报告",
        "date": "2024-05-01",
        "activity": world.activity_a.pk,
        "representatives": [r.pk for r in world.reps_a],
    }

    staff_a_client.post(reverse("activities:outputs-add"), data)

    output = Output.objects.get()
    assert output.activity == world.activity_a
    assert set(output.representatives.all()) == set(world.reps_a)


def test_an_output_linked_to_nothing_is_refused(world, staff_a_client):
    response = staff_a_client.post(
        reverse("activities:outputs-add"), {"kind": "suggestion", "title": "无关联"}
    )

    assert "成果须关联主题活动或活动。" in response.content.decode()
    assert not Output.objects.exists()


def test_staff_add_a_media_report(world, staff_a_client):
    data = {"outlet": "红网", "title": "娄星区代表走访", "published_on": "2024-04-12",
            "url": "rednet.cn/a", "activity": world.activity_a.pk}  # fmt: skip

    staff_a_client.post(reverse("activities:media-add"), data)

    assert MediaReport.objects.get().url == "https://rednet.cn/a"
