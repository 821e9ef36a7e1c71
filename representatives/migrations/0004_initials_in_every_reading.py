"""The pinyin initials in every reading, the surname read as a surname (曾庆林 was "cql",
so zql found nobody; it is now "zql cql"): the field grows and every row is recomputed."""

from django.db import migrations, models

from representatives.pinyin import pinyin_initials

BATCH = 2000


def recompute(apps, schema_editor):
    Representative = apps.get_model("representatives", "Representative")
    batch = []
    for person in Representative.objects.only("pk", "name", "initials").iterator(BATCH):
        initials = pinyin_initials(person.name)
        if person.initials != initials:
            person.initials = initials
            batch.append(person)
        if len(batch) == BATCH:
            Representative.objects.bulk_update(batch, ["initials"])
            batch = []
    Representative.objects.bulk_update(batch, ["initials"])


class Migration(migrations.Migration):
    dependencies = [("representatives", "0003_fill_initials")]

    operations = [
        migrations.AlterField(
            model_name="representative",
            name="initials",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="pinyin initials"
            ),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
