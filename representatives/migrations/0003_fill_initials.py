"""Fill the pinyin initials of the representatives entered before the field existed."""

from django.db import migrations
from pypinyin import Style, lazy_pinyin


def fill(apps, schema_editor):
    Representative = apps.get_model("representatives", "Representative")
    people = list(Representative.objects.filter(initials="").only("pk", "name"))
    for person in people:
        person.initials = "".join(lazy_pinyin(person.name, style=Style.FIRST_LETTER)).lower()
    Representative.objects.bulk_update(people, ["initials"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("representatives", "0002_pinyin_initials")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
