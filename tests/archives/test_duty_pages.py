"""Duties 履职记录 on their pages: the list, the form that adds and corrects one within
the user's reach, the review queue a staff entry goes to, and the history it leaves."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.models import Role
from activities.review import Review
from archives.models import Duty

from ..conftest import login

pytestmark = pytest.mark.django_db

LIST = reverse("archives:duty-list")
ADD = reverse("archives:duty-add")


def duty(title, *people, kind=Duty.Kind.INSPECTION, day=datetime.date(2024, 5, 10)):
    record = Duty(kind=kind, date=day, title=title, source="省人大常委会办公厅通知")
    record.approve_as_written()
    record.save()
    record.representatives.set(people)
    return record


def form(people, **fields):
    return {
        "kind": Duty.Kind.RESEARCH,
        "date": "2024-06-03",
        "title": "围绕农村教育开展专题调研",
        "representatives": [rep.pk for rep in people],
        "source": "娄底市人大常委会",
        "note": "",
        "version": 0,
        **fields,
    }


def titles(response):
    return [record.title for record in response.context["page"]]


@pytest.fixture
def reviewer_a(world, django_user_model):
    return login(django_user_model, "reviewer-a", Role.REVIEWER, [world.area_a])


def test_the_list_shows_the_duties_of_the_users_deputies(world, staff_a_client, leader_client):
    duty("娄星区视察", world.reps_a[0])
    duty("湘西州视察", world.reps_b[0])
    duty("联合调研", world.reps_a[1], world.reps_b[1], kind=Duty.Kind.RESEARCH)

    assert set(titles(staff_a_client.get(LIST))) == {"联合调研", "娄星区视察"}
    assert set(titles(leader_client.get(LIST))) == {"娄星区视察", "湘西州视察", "联合调研"}
    page = leader_client.get(LIST).content.decode()
    assert "/edit/" not in page and ADD not in page  # a leader corrects nothing


def test_the_list_filters_by_kind_date_deputy_and_area(world, leader_client):
    duty("四月视察", world.reps_a[0], day=datetime.date(2024, 4, 2))
    duty("五月调研", world.reps_a[1], kind=Duty.Kind.RESEARCH, day=datetime.date(2024, 5, 2))
    duty("湘西州培训", world.reps_b[0], kind=Duty.Kind.TRAINING, day=datetime.date(2024, 5, 9))

    def found(**query):
        return set(titles(leader_client.get(LIST, query)))

    assert found(kind="research") == {"五月调研"}
    assert found(date_after="2024-05-01", date_before="2024-05-31") == {"五月调研", "湘西州培训"}
    assert found(representative=world.reps_a[0].pk) == {"四月视察"}
    assert found(area=world.area_a.pk) == {"四月视察", "五月调研"}
    assert found(area=world.area_b.pk) == {"湘西州培训"}


@pytest.mark.parametrize("duties", [1, 8])
def test_the_list_reads_in_a_fixed_number_of_queries(
    world, leader_client, django_assert_num_queries, duties
):
    for n in range(duties):
        duty(f"视察{n}", *world.reps_a, *world.reps_b)
    leader_client.get(LIST)  # the session renewed once

    # session, user, the role's permissions (2), the demo's mark, the filter's areas and
    # deputies, the count, the page, its deputies: whatever the page holds
    with django_assert_num_queries(10):
        leader_client.get(LIST)


def test_staff_add_a_duty_that_awaits_review(world, staff_a_client, reviewer_a):
    response = staff_a_client.post(ADD, form([world.reps_a[0]]), follow=True)

    (record,) = Duty.objects.all()
    assert [str(m) for m in response.context["messages"]] == ["履职记录已保存，等待审核。"]
    assert record.ref.startswith("LZ")
    assert (record.review, record.submitted_by) == (Review.SUBMITTED, staff_a_client.user)
    assert list(record.representatives.all()) == [world.reps_a[0]]
    queue = reviewer_a.get(reverse("review:queue"))
    assert [(row.kind, row.pk) for row in queue.context["page"]] == [("duty", record.pk)]
    approved = reviewer_a.post(
        reverse("review:queue"), {"approve_one": queue.context["page"][0].pick}, follow=True
    )
    assert approved.status_code == 200
    record.refresh_from_db()
    assert record.review == Review.APPROVED


def test_a_draft_waits_in_no_queue(world, staff_a_client, reviewer_a):
    staff_a_client.post(ADD, {**form([world.reps_a[0]]), "draft": ""})

    assert Duty.objects.get().review == Review.DRAFT
    assert list(reviewer_a.get(reverse("review:queue")).context["page"]) == []


def test_another_areas_deputy_is_refused_by_name(world, staff_a_client):
    leader_b = world.reps_b[1]
    leader_b.is_provincial_leader = True
    leader_b.save()

    page = staff_a_client.get(ADD).content.decode()
    refused = staff_a_client.post(ADD, form([world.reps_a[0], world.reps_b[0]]))
    alone = staff_a_client.post(ADD, form([leader_b]))
    with_own = staff_a_client.post(ADD, form([world.reps_a[0], leader_b]))

    assert world.reps_b[0].name not in page and leader_b.name in page  # offered: the leaders
    assert refused.context["form"].errors["representatives"] == ["王五（B1）是其他地区的代表。"]
    assert alone.context["form"].errors["representatives"] == ["履职记录须有本地区的代表。"]
    assert with_own.status_code == 302  # a provincial leader beside a deputy of their own
    assert Duty.objects.count() == 1


def test_a_deputy_of_another_area_stays_on_a_duty(world, staff_a_client):
    record = duty("联合调研", world.reps_a[0], world.reps_b[0])

    response = staff_a_client.post(
        reverse("archives:duty-edit", args=[record.pk]),
        form([world.reps_a[0]], title=record.title, version=record.version),
    )

    refusal = "王五（B1）是其他地区的代表，须保留。"
    assert response.context["form"].errors["representatives"] == [refusal]
    assert set(record.representatives.all()) == {world.reps_a[0], world.reps_b[0]}


def test_another_areas_duty_is_not_found(world, staff_a_client):
    record = duty("湘西州视察", world.reps_b[0])

    response = staff_a_client.get(reverse("archives:duty-edit", args=[record.pk]))

    assert response.status_code == 404


def test_a_correction_goes_to_review_and_into_the_history(world, staff_a_client):
    record = duty("娄星区视察", world.reps_a[0])

    response = staff_a_client.post(
        reverse("archives:duty-edit", args=[record.pk]),
        form(world.reps_a, title="娄星区视察（更正）", version=record.version),
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.title, record.review) == ("娄星区视察（更正）", Review.SUBMITTED)
    entries = LogEntry.objects.get_for_object(record)
    assert any("title" in entry.changes_dict for entry in entries)
    assert any("representatives" in entry.changes_dict for entry in entries)


def test_a_stale_form_saves_nothing(world, staff_a_client):
    record = duty("娄星区视察", world.reps_a[0])
    stale = record.version
    record.title = "别人的更正"
    record.save()

    response = staff_a_client.post(
        reverse("archives:duty-edit", args=[record.pk]),
        form([world.reps_a[0]], title="我的更正", version=stale),
    )

    assert response.status_code == 200
    record.refresh_from_db()
    assert record.title == "别人的更正"


def test_the_navigation_links_the_list_for_who_may_read_it(
    world, staff_a_client, django_user_model
):
    unit = login(django_user_model, "unit", Role.UNIT)

    assert f'href="{LIST}"' in staff_a_client.get(reverse("activities:overview")).content.decode()
    assert f'href="{LIST}"' not in unit.get(reverse("suggestions:inbox")).content.decode()
