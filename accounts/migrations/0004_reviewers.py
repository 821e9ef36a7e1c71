"""The fourth role, reviewers 审核人: they read what leaders read and review the records of
the work; admins may review anything too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_reviewers(apps, schema_editor):
    activities = apps.get_app_config("activities")
    activities.models_module = True
    create_permissions(activities, apps=apps, verbosity=0)
    activities.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewing = Permission.objects.filter(
        content_type__app_label="activities", codename__startswith="review_"
    )
    for admins in Group.objects.filter(name="admins"):
        admins.permissions.add(*reviewing)
    reading = Permission.objects.filter(group__name="leaders")
    reviewers, _ = Group.objects.get_or_create(name="reviewers")
    reviewers.permissions.set([*reading, *reviewing])


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_admins_release_lockouts"),
        ("activities", "0010_review"),
        # The permissions leaders hold by then, which reviewers hold too.
        ("bulletins", "0002_content_types"),
        ("ledgers", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(create_reviewers, remove_reviewers)]
