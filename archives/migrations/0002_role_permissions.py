"""Give the roles their permissions on the archive's records: admins all (the tables of
points are theirs alone); liaison staff enter duties; leaders read; reviewers read and
review duties. The posts held and the terms are the roster's, which admins manage."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["admins", "liaison_staff", "leaders", "reviewers"]


def grant(apps, schema_editor):
    for label in ("archives", "representatives"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="archives")
    roster = Permission.objects.filter(
        content_type__app_label="representatives", content_type__model__in=["term", "postheld"]
    )
    reading = (ours | roster).filter(codename__startswith="view_")
    # get_or_create: a database emptied by `flush` has lost the roles of accounts' migrations.
    role = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    role["admins"].permissions.add(*ours, *roster)
    role["liaison_staff"].permissions.add(
        *reading, *ours.filter(codename__in=["add_duty", "change_duty"])
    )
    role["leaders"].permissions.add(*reading)
    role["reviewers"].permissions.add(*reading, *ours.filter(codename="review_duty"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="archives") | Permission.objects.filter(
        content_type__app_label="representatives", content_type__model__in=["term", "postheld"]
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0001_initial"),
        ("representatives", "0006_term_postheld"),
        ("accounts", "0005_profile_department_and_units"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
