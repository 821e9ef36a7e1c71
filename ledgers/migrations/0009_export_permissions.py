"""Admins read the large exports in the admin (and may delete a record): its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ledgers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.get_or_create(name="admins")[0]
    admins.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ledgers", codename__endswith="_exportrecord"
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(
        content_type__app_label="ledgers", codename__endswith="_exportrecord"
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0008_background_exports"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
