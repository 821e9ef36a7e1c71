"""The bulletin's content types follow it to `bulletins`, keeping their rows.

The permissions (`activities.change_bulletin` …) hang on the content type, and the roles
hold those permissions: renaming the content type's app label in place turns them into
`bulletins.change_bulletin` … with every role's grant kept, and the admin's history of
the bulletins stays attached.
"""

from django.db import migrations

MODELS = ["bulletin", "distributionlist"]


def relabel(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        LogEntry = apps.get_model("admin", "LogEntry")
        for model in MODELS:
            old = ContentType.objects.filter(app_label=source, model=model).first()
            if old is None:  # a database created after the move: nothing to carry
                continue
            new = ContentType.objects.filter(app_label=target, model=model).first()
            if new is None:
                old.app_label = target
                old.save(update_fields=["app_label"])
                continue
            # Both exist (permissions were created for the new app in between): carry
            # each grant over to the permission of the same codename, then drop the old.
            for permission in Permission.objects.filter(content_type=old):
                twin, _ = Permission.objects.get_or_create(
                    content_type=new,
                    codename=permission.codename,
                    defaults={"name": permission.name},
                )
                for role in permission.group_set.all():
                    role.permissions.add(twin)
                for user in permission.user_set.all():
                    user.user_permissions.add(twin)
            LogEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0001_initial"),
        # the migrations that created the bulletin's permissions and gave them to the roles
        ("accounts", "0002_roles"),
        ("activities", "0005_distribution_list_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.RunPython(
            relabel("activities", "bulletins"), relabel("bulletins", "activities")
        ),
    ]
