"""The rank table is the admins' to change, as the roster is; the other roles read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READERS = ["liaison_staff", "leaders", "reviewers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("representatives")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    ranks = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="representatives", content_type__model="postrank"
    )
    # get_or_create: a database emptied by `flush` has lost the roles of accounts' migrations.
    Group.objects.get_or_create(name="admins")[0].permissions.add(*ranks)
    for name in READERS:
        Group.objects.get_or_create(name=name)[0].permissions.add(
            *ranks.filter(codename="view_postrank")
        )


def revoke(apps, schema_editor):
    ranks = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="representatives", content_type__model="postrank"
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*ranks)


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0009_default_post_ranks"),
        ("accounts", "0005_profile_department_and_units"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
