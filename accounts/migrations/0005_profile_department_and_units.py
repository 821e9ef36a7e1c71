"""The fifth role, handling units 承办单位: a department's users, who handle the deputies'
suggestions given to their department (the profile's department) and nothing else."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def create_units(apps, schema_editor):
    suggestions = apps.get_app_config("suggestions")
    suggestions.models_module = True
    create_permissions(suggestions, apps=apps, verbosity=0)
    suggestions.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    handling = Permission.objects.filter(
        content_type__app_label="suggestions", codename="handle_suggestion"
    )
    units, _ = Group.objects.get_or_create(name="units")
    units.permissions.set(handling)


def remove_units(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="units").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_reviewers"),
        ("activities", "0011_refs_for_every_record"),
        ("suggestions", "0003_handle_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="user_profiles",
                to="activities.department",
                verbose_name="department",
            ),
        ),
        migrations.RunPython(create_units, remove_units),
    ]
