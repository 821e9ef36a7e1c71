"""Give the roles their permissions on suggestions: admins all; liaison staff enter
suggestions and take the office's steps; leaders read; reviewers read and review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["admins", "liaison_staff", "leaders", "reviewers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("suggestions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="suggestions")
    reading = ours.filter(codename__startswith="view_")
    # get_or_create: a database emptied by `flush` has lost the roles of accounts' migrations.
    role = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    role["admins"].permissions.add(*ours)
    role["liaison_staff"].permissions.add(
        *reading,
        *ours.filter(codename__in=["add_suggestion", "change_suggestion", "add_step"]),
    )
    role["leaders"].permissions.add(*reading)
    role["reviewers"].permissions.add(*reading, *ours.filter(codename="review_suggestion"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="suggestions")
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0001_initial"),
        ("accounts", "0004_reviewers"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
