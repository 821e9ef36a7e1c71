"""The history's admin page: filtered by path, user, kind; nobody changes it."""

from auditlog.models import LogEntry
from django.urls import reverse

from lianluo.history import IMPORT, recording


def test_the_history_is_filtered_by_path(world, admin_client):
    with recording(IMPORT):
        world.area_a.name = "娄底"
        world.area_a.save()
    world.area_b.name = "湘西"
    world.area_b.save()  # from the shell

    page = admin_client.get(reverse("admin:auditlog_logentry_changelist"), {"path": "import"})

    shown = [entry.object_repr for entry in page.context["cl"].result_list]
    assert shown == ["娄底"]


def test_the_history_is_filtered_by_user(world, admin_client, staff_a_client):
    staff = staff_a_client.user
    with recording(IMPORT, actor=staff):
        world.area_a.name = "娄底"
        world.area_a.save()

    page = admin_client.get(
        reverse("admin:auditlog_logentry_changelist"), {"actor__id__exact": staff.pk}
    )

    assert [entry.actor for entry in page.context["cl"].result_list] == [staff]


def test_nobody_changes_or_deletes_an_entry(world, admin_client):
    entry = LogEntry.objects.get_for_object(world.area_a).get()
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])

    admin_client.post(change, {"object_repr": "改写"})
    refused = admin_client.post(delete, {"post": "yes"})

    assert refused.status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == world.area_a.name
    assert admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
