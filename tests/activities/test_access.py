"""Who may open which page: anonymous, leader, staff of area A and of area B, admin.

Every record below belongs to area A (娄底市). Staff of area B must not reach any of it
by any URL (404); leaders read everything and change nothing (403 on every write).
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


# (url name, the record it opens or None): pages that show one record of area A.
RECORD_READS = [
    ("activities:activity-detail", "activity"),
    ("activities:problem-detail", "problem"),
    ("activities:group-detail", "group"),
    ("activities:representative-detail", "rep"),
]
RECORD_WRITES = [
    ("activities:activity-edit", "activity"),
    ("activities:problems-add", "activity"),
    ("activities:outputs-edit", "output"),
    ("activities:tallies-edit", "tally"),
    ("activities:media-edit", "media"),
]
LISTS = [
    "activities:activity-list", "activities:problem-list", "activities:open-problems",
    "activities:outputs-list", "activities:tallies-list", "activities:media-list",
    "representatives:representative-list", "activities:missing",
]  # fmt: skip
NEW_RECORD_PAGES = [
    "activities:activity-create", "activities:outputs-add", "activities:tallies-add",
    "activities:media-add", "ledgers:import-upload",
]  # fmt: skip

PERSONAS = ["leader_client", "staff_a_client", "staff_b_client", "admin_role_client"]


def persona(request, name):
    return request.getfixturevalue(name)


def url(name, records, key):
    return reverse(name, args=[records[key]]) if key else reverse(name)


@pytest.mark.parametrize("name, key", RECORD_READS + RECORD_WRITES)
def test_anonymous_is_sent_to_log_in(client, records, name, key):
    response = client.get(url(name, records, key))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name, key", RECORD_READS)
@pytest.mark.parametrize(
    "who, status",
    [("leader_client", 200), ("staff_a_client", 200), ("staff_b_client", 404),
     ("admin_role_client", 200)],
)  # fmt: skip
def test_reading_a_record_of_area_a(request, records, name, key, who, status):
    response = persona(request, who).get(url(name, records, key))

    assert response.status_code == status


@pytest.mark.parametrize("name, key", RECORD_WRITES)
@pytest.mark.parametrize(
    "who, status",
    [("leader_client", 403), ("staff_a_client", 200), ("staff_b_client", 404),
     ("admin_role_client", 200)],
)  # fmt: skip
def test_opening_the_edit_page_of_a_record_of_area_a(request, records, name, key, who, status):
    response = persona(request, who).get(url(name, records, key))

    assert response.status_code == status


@pytest.mark.parametrize("name", NEW_RECORD_PAGES)
@pytest.mark.parametrize(
    "who, status",
    [("leader_client", 403), ("staff_a_client", 200), ("staff_b_client", 200),
     ("admin_role_client", 200)],
)  # fmt: skip
def test_pages_that_create_records(request, world, name, who, status):
    response = persona(request, who).get(reverse(name))

    assert response.status_code == status


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", PERSONAS)
def test_every_list_opens_for_every_signed_in_role(request, records, name, who):
    response = persona(request, who).get(reverse(name))

    assert response.status_code == 200


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
