"""Two people editing one record: the second save is refused, keeps its input, writes nothing."""

import datetime
import re

import pytest
from django.urls import reverse

from activities.models import ContactTally, MediaReport, Output, Problem
from activities.versioning import StaleEdit
from bulletins.models import Bulletin, DistributionList

pytestmark = pytest.mark.django_db

REFUSAL = "您编辑期间，他人已保存了这项"


@pytest.fixture
def records(world):
    return {
        "outputs": Output.objects.create(
            kind="suggestion", title="原标题", campaign=world.campaign, activity=world.activity_a
        ),
        "tallies": ContactTally.objects.create(
            area=world.county_a, start=datetime.date(2024, 3, 1), end=datetime.date(2024, 5, 31)
        ),
        "media": MediaReport.objects.create(
            outlet="湖南日报",
            title="原标题",
            published_on=datetime.date(2024, 4, 12),
            campaign=world.campaign,
        ),
        "bulletin": Bulletin.objects.create(
            year=2024, number=3, total_number=660, date=datetime.date(2024, 6, 1), title="原标题"
        ),
    }


# Each kind's edit page, the field the test changes, and two values for it.
KINDS = {
    "outputs": ("activities:outputs-edit", "title", "先保存的", "后保存的"),
    "tallies": ("activities:tallies-edit", "person_times", "1200", "3400"),
    "media": ("activities:media-edit", "title", "先保存的", "后保存的"),
    "bulletin": ("bulletins:bulletin-edit", "title", "先保存的", "后保存的"),
}


def opened(client, url):
    """What the edit form, as just opened, would post back: its fields, and the version
    as the page's hidden input carries it."""
    page = client.get(url)
    admin = "adminform" in page.context
    fields = page.context["adminform"].form if admin else page.context["form"]
    data = {
        field.html_name: field.value()
        for field in fields
        if field.value() is not None and field.html_name != "version"
    }
    hidden = re.search(r'name="version" value="(\d+)"', page.content.decode())
    if hidden:
        data["version"] = hidden[1]
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_over_a_newer_save_is_refused_and_the_input_kept(records, staff_a_client, kind):
    name, field, first_value, second_value = KINDS[kind]
    record = records[kind]
    url = reverse(name, args=[record.pk])
    first, second = opened(staff_a_client, url), opened(staff_a_client, url)
    staff_a_client.post(url, {**first, field: first_value})

    response = staff_a_client.post(url, {**second, field: second_value})

    record.refresh_from_db()
    assert str(getattr(record, field)) == first_value
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert str(response.context["form"][field].value()) == second_value


def test_saving_the_refused_form_again_replaces_the_other_save(records, staff_a_client):
    output = records["outputs"]
    url = reverse("activities:outputs-edit", args=[output.pk])
    first, second = opened(staff_a_client, url), opened(staff_a_client, url)
    staff_a_client.post(url, {**first, "title": "先保存的"})
    refused = staff_a_client.post(url, {**second, "title": "后保存的"})

    again = {field.html_name: field.value() for field in refused.context["form"]}
    staff_a_client.post(url, {key: value for key, value in again.items() if value is not None})

    output.refresh_from_db()
    assert output.title == "后保存的"


def test_a_save_without_the_version_is_refused(records, staff_a_client):
    output = records["outputs"]
    url = reverse("activities:outputs-edit", args=[output.pk])
    data = {**opened(staff_a_client, url), "title": "不知版本"}
    del data["version"]

    response = staff_a_client.post(url, data)

    output.refresh_from_db()
    assert output.title == "原标题"
    assert REFUSAL in response.content.decode()


@pytest.fixture
def problem(world):
    return Problem.objects.create(activity=world.activity_a, title="村道破损")


def test_two_people_moving_one_problem_do_not_both_write(problem, staff_a_client):
    url = reverse("activities:problem-detail", args=[problem.pk])
    first, second = opened(staff_a_client, url), opened(staff_a_client, url)
    staff_a_client.post(url, {**first, "to_status": "in_progress", "changed_on": "2024-04-15"})

    response = staff_a_client.post(
        url, {**second, "to_status": "resolved", "changed_on": "2024-04-16"}
    )

    problem.refresh_from_db()
    assert problem.status == "in_progress"
    assert [c.to_status for c in problem.history.all()] == ["in_progress"]
    assert REFUSAL in response.content.decode()
    assert response.context["form"]["to_status"].value() == "resolved"


def test_a_stale_highlight_click_does_not_undo_another(problem, staff_a_client):
    url = reverse("activities:problem-detail", args=[problem.pk])
    # Both pages offer "mark": the form posts the version and the value it offers.
    mark = {
        "toggle_highlight": "1",
        "is_highlight": "True",
        "version": problem.version,
    }
    staff_a_client.post(url, mark)

    response = staff_a_client.post(url, mark, follow=True)

    problem.refresh_from_db()
    assert problem.is_highlight is True
    assert REFUSAL in response.content.decode()


@pytest.mark.parametrize("model_name", ["output", "campaign", "distributionlist"])
def test_a_stale_save_in_the_admin_is_refused_and_the_input_kept(
    world, records, admin_client, model_name
):
    record = {
        "output": records["outputs"],
        "campaign": world.campaign,
        "distributionlist": DistributionList.objects.create(name="原标题", recipients="省人大"),
    }[model_name]
    field = "name" if model_name == "distributionlist" else "title"
    url = reverse(f"admin:{record._meta.app_label}_{model_name}_change", args=[record.pk])
    first, second = opened(admin_client, url), opened(admin_client, url)
    admin_client.post(url, {**first, field: "先保存的"})

    response = admin_client.post(url, {**second, field: "后保存的"})

    record.refresh_from_db()
    assert getattr(record, field) == "先保存的"
    assert REFUSAL in response.content.decode()
    assert response.context["adminform"].form[field].value() == "后保存的"


def test_of_two_saves_read_at_one_version_the_model_refuses_the_second(records):
    """The rule holds below the forms: for a race, a script, anything that calls save()."""
    first = Output.objects.get(pk=records["outputs"].pk)
    second = Output.objects.get(pk=records["outputs"].pk)
    first.title = "先保存的"
    first.save()

    second.title = "后保存的"
    with pytest.raises(StaleEdit):
        second.save()

    assert Output.objects.get(pk=first.pk).title == "先保存的"
