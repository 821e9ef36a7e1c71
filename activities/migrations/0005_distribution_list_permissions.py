"""Give the roles their rights on distribution lists: admins and staff keep them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("activities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    lists = Permission.objects.filter(
        content_type__app_label="activities", content_type__model="distributionlist"
    )
    for role in ["admins", "liaison_staff"]:
        Group.objects.get_or_create(name=role)[0].permissions.add(*lists)
    leaders, _ = Group.objects.get_or_create(name="leaders")
    leaders.permissions.add(*lists.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_bulletins"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
