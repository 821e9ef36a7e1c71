"""Create the three roles as Django groups with their permissions.

Admins manage everything, rosters and users included; liaison staff record the work;
leaders read everything and change nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["representatives", "activities", "accounts"]
STAFF_WRITES = [
    "activity",
    "attendance",
    "problem",
    "statuschange",
    "output",
    "contacttally",
    "mediareport",
    "bulletin",
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    users = Permission.objects.filter(content_type__app_label="auth")

    admins, _ = Group.objects.get_or_create(name="admins")
    admins.permissions.set(ours | users)

    staff, _ = Group.objects.get_or_create(name="liaison_staff")
    staff.permissions.set(
        ours.filter(codename__startswith="view_")
        | ours.filter(content_type__app_label="activities", content_type__model__in=STAFF_WRITES)
    )

    leaders, _ = Group.objects.get_or_create(name="leaders")
    leaders.permissions.set(ours.filter(codename__startswith="view_"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["admins", "liaison_staff", "leaders"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("activities", "0001_initial"),
        ("representatives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
