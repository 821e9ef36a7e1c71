"""Moving the bulletin to its own app loses no issue and no role's right to it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group as Role
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bulletins.models import Bulletin, DistributionList

LAST_BEFORE_THE_MOVE = ("activities", "0008_campaign_slug_in_url")


def before_the_move(*, bulletins_known):
    """The database as it was before the move, its historical models; `bulletins_known`
    leaves the content types an earlier `migrate` may have made for the new app."""
    executor = MigrationExecutor(connection)
    executor.migrate([LAST_BEFORE_THE_MOVE, ("bulletins", None)])
    old = executor.loader.project_state(LAST_BEFORE_THE_MOVE).apps
    if not bulletins_known:
        old.get_model("contenttypes", "ContentType").objects.filter(app_label="bulletins").delete()
    return old


def grant_change_bulletin(old, role):
    """`role` may change bulletins, as the roles' migration gave it before the move."""
    bulletin_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="activities", model="bulletin"
    )
    change, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=bulletin_type, codename="change_bulletin", defaults={"name": "改"}
    )
    old.get_model("auth", "Group").objects.create(name=role).permissions.add(change)
    return change


def after_the_move():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_a_bulletin_saved_before_the_move_is_read_after_it_with_its_permissions():
    old = before_the_move(bulletins_known=False)
    issue = old.get_model("activities", "Bulletin").objects.create(
        year=2021, number=24, total_number=649, date="2021-12-25", title="走深走实"
    )
    recipients = old.get_model("activities", "DistributionList").objects.create(
        name="送阅范围", recipients="省委办公厅"
    )
    change = grant_change_bulletin(old, "bulletin-editors")

    after_the_move()

    moved = Bulletin.objects.get(pk=issue.pk)
    assert (moved.total_number, moved.title) == (649, "走深走实")
    assert DistributionList.objects.get(pk=recipients.pk).recipients == "省委办公厅"
    granted = Role.objects.get(name="bulletin-editors").permissions.get()
    assert (granted.pk, granted.content_type.app_label, granted.codename) == (
        change.pk,
        "bulletins",
        "change_bulletin",
    )
    assert not ContentType.objects.filter(app_label="activities", model="bulletin").exists()


@pytest.mark.django_db(transaction=True)
def test_a_grant_moves_to_the_new_apps_permission_when_both_exist():
    old = before_the_move(bulletins_known=True)
    bulletins_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="bulletins", model="bulletin"
    )
    grant_change_bulletin(old, "bulletin-editors")
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="activities", model="bulletin"
    )
    # The editor as the old schema has users (today's model reads columns added since).
    editor = old.get_model("auth", "User").objects.create(username="editor")
    LogEntry.objects.create(  # the admin's history of the issue, under the old label
        content_type_id=old_type.pk, object_id="1", object_repr="第24期", action_flag=2,
        user_id=editor.pk,
    )  # fmt: skip

    after_the_move()

    granted = Role.objects.get(name="bulletin-editors").permissions.get()
    assert (granted.content_type_id, granted.codename) == (bulletins_type.pk, "change_bulletin")
    assert LogEntry.objects.get(object_repr="第24期").content_type_id == bulletins_type.pk
    assert not ContentType.objects.filter(app_label="activities", model="bulletin").exists()
