"""Admins read the history (the admin's 修改记录 page); nobody may change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    auditlog = apps.get_app_config("auditlog")
    auditlog.models_module = True
    create_permissions(auditlog, apps=apps, verbosity=0)
    auditlog.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="admins").permissions.add(
        Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="admins").permissions.remove(
        *Permission.objects.filter(content_type__app_label="auditlog")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
