"""Staff of area B see nothing of area A in a list, and writes with data are refused.

Every record below belongs to area A (娄底市). Who may open which URL, every one of them,
by GET and by POST, is tests/test_access_by_url.py's; these ask more of a few: a list's
content, and a refused write that carries a form's data changes nothing.
"""

import datetime

import pytest
from django.urls import reverse

from activities.models import ContactTally, MediaReport, Output, Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """One record of each kind in area A."""
    problem = Problem.objects.create(activity=world.activity_a, title="道路破损", area=world.area_a)
    output = Output.objects.create(kind="suggestion", title="建议", activity=world.activity_a)
    tally = ContactTally.objects.create(
        area=world.area_a, start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31)
    )
    media = MediaReport.objects.create(
        outlet="湖南日报", title="报道", published_on=datetime.date(2024, 4, 12),
        activity=world.activity_a,
    )  # fmt: skip
    return {
        "activity": world.activity_a.pk, "problem": problem.pk, "output": output.pk,
        "tally": tally.pk, "media": media.pk, "group": world.group_a.pk,
        "rep": world.reps_a[0].pk,
    }  # fmt: skip


LISTS = [
    "activities:activity-list", "activities:problem-list", "activities:open-problems",
    "activities:outputs-list", "activities:tallies-list", "activities:media-list",
    "representatives:representative-list", "activities:missing",
]  # fmt: skip


def persona(request, name):
    return request.getfixturevalue(name)


def url(name, records, key):
    return reverse(name, args=[records[key]]) if key else reverse(name)


@pytest.mark.parametrize("name", LISTS)
def test_staff_of_area_b_never_see_area_a_in_a_list(staff_b_client, records, name):
    page = staff_b_client.get(reverse(name)).content.decode()

    for text in ["娄星区代表小组调研", "道路破损", "吴静波", "娄底市"]:
        assert text not in page, (name, text)


@pytest.mark.parametrize(
    "name, key, data",
    [
        ("activities:problem-detail", "problem",
         {"to_status": "in_progress", "changed_on": "2024-04-20"}),
        ("activities:outputs-edit", "output", {"kind": "motion", "title": "改"}),
        ("activities:tallies-edit", "tally",
         {"area": "", "start": "2024-03-01", "end": "2024-05-31", "person_times": "9"}),
        ("activities:activity-edit", "activity", {"title": "改", "save": "1"}),
    ],
)  # fmt: skip
@pytest.mark.parametrize("who, status", [("leader_client", 403), ("staff_b_client", 404)])
def test_writes_are_refused_and_change_nothing(request, records, name, key, data, who, status):
    before = Problem.objects.get(pk=records["problem"]).status

    response = persona(request, who).post(url(name, records, key), data)

    assert response.status_code == status
    assert Problem.objects.get(pk=records["problem"]).status == before
    assert Output.objects.get(pk=records["output"]).title == "建议"
    assert ContactTally.objects.get(pk=records["tally"]).person_times == 0
