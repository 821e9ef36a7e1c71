"""Give the roles their import permissions: admins import everything, staff the ledgers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ledgers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="ledgers")
    # get_or_create: a database emptied by `flush` has lost the roles of 0002_roles.
    role = {name: Group.objects.get_or_create(name=name)[0] for name in ["admins", "liaison_staff", "leaders"]}
    role["admins"].permissions.add(*ours)
    role["liaison_staff"].permissions.add(
        *ours.filter(codename__in=["import_ledgers", "view_importrecord"])
    )
    role["leaders"].permissions.add(*ours.filter(codename="view_importrecord"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="ledgers"))


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
