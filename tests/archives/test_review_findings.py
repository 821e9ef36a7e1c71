"""What a review of the archives found, pinned: the zip withholds another area's records as
the single file does, an undated output of a campaign is in its archive, the tables' links
keep the switch that counts records awaiting review, and a Word file counts approved
records only."""

import datetime
import io
import zipfile

import docx
import pytest
from django.urls import reverse

from accounts.models import Role
from activities.models import Activity, Attendance, Output, Problem
from archives.figures import archive

from ..conftest import login

D = datetime.date
pytestmark = pytest.mark.django_db
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def docx_text(content):
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def guest_in_b(world):
    """A1 of area A attends B's activity as a guest, where B raised a problem."""
    a1 = world.reps_a[0]
    Attendance.objects.create(activity=world.activity_b, representative=a1, status="guest")
    Problem.objects.create(
        ref="PB", activity=world.activity_b, title="湘西州内部问题", status="open"
    )
    return a1


def test_a_zip_withholds_another_areas_records_as_the_single_file_does(
    world, staff_a_client, guest_in_b
):
    single = staff_a_client.get(
        reverse("archives:representative-docx", args=[guest_in_b.pk]), PERIOD
    )
    response = staff_a_client.get(reverse("archives:group-zip", args=[world.group_a.pk]), PERIOD)
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    name = next(n for n in bundle.namelist() if n.startswith(guest_in_b.name))
    for text in (docx_text(single.content), docx_text(bundle.read(name))):
        assert world.activity_b.title not in text
        assert "湘西州内部问题" not in text


def test_an_undated_output_of_a_campaign_counts_on_the_campaigns_last_day(world):
    a1 = world.reps_a[0]
    out = Output.objects.create(
        kind="research_report", title="春季调研报告", campaign=world.campaign
    )
    out.representatives.add(a1)
    assert world.campaign.end == D(2024, 5, 31)
    assert archive(a1, D(2024, 5, 31), D(2024, 5, 31)).outputs == [out]
    assert archive(a1, D(2024, 1, 1), D(2024, 5, 30)).outputs == []


def test_the_group_page_links_each_deputy_counting_as_it_counts(world, leader_client):
    Activity.objects.filter(pk=world.activity_a.pk).update(review="submitted")
    a1 = world.reps_a[0]
    group = leader_client.get(
        reverse("archives:group", args=[world.group_a.pk]), {**PERIOD, "pending": "1"}
    )
    row = next(r for r in group.context["rows"] if r.representative == a1)
    page = group.content.decode()
    link = reverse("archives:representative", args=[a1.pk])
    href = page[page.index(link) : page.index('"', page.index(link))]
    followed = leader_client.get(link + "?" + href.split("?", 1)[1].replace("&amp;", "&"))
    assert row.took_part == followed.context["archive"].own_took_part == 1


def test_a_word_file_counts_approved_records_whatever_the_pages_switch(world, leader_client):
    Activity.objects.filter(pk=world.activity_a.pk).update(review="submitted")
    response = leader_client.get(
        reverse("archives:representative-docx", args=[world.reps_a[0].pk]),
        {**PERIOD, "pending": "1"},
    )
    assert world.activity_a.title not in docx_text(response.content)


def test_a_batch_asked_again_while_it_is_written_is_the_same_batch(
    world, staff_a_client, settings, django_user_model
):
    from archives.models import ArchiveBatch

    settings.ARCHIVE_ZIP_INLINE = 1  # the group's two members: a background batch
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    url = reverse("archives:group-zip", args=[world.group_a.pk])
    first, again = staff_a_client.get(url, PERIOD), staff_a_client.get(url, PERIOD)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert ArchiveBatch.objects.count() == 1
    # A batch is its requester's (and the province's): a colleague asks for their own.
    colleague = login(django_user_model, "staff-a-2", Role.STAFF, [world.area_a]).user
    leader = login(django_user_model, "leader-2", Role.LEADER).user
    assert not ArchiveBatch.objects.visible_to(colleague).exists()
    assert ArchiveBatch.objects.visible_to(leader).count() == 1
