"""Every record kind with a ledger carries a ref 编号: media reports get the field, and the
problems, outputs and media reports entered by forms before refs were generated get theirs
in the scheme `Referenced` uses (WT-000123, CG-000123, BD-000123), so their lists export
and re-import."""

from django.db import migrations, models
from django.db.models import Q

PREFIXES = {"problem": "WT", "output": "CG", "mediareport": "BD", "activity": "HD"}


def give_refs(apps, schema_editor):
    for name, prefix in PREFIXES.items():
        model = apps.get_model("activities", name)
        taken = set(model._base_manager.exclude(ref="").values_list("ref", flat=True))
        missing = list(model._base_manager.filter(ref="").only("pk"))
        for record in missing:
            base = ref = f"{prefix}-{record.pk:06d}"
            n = 1
            while ref in taken:
                n += 1
                ref = f"{base}-{n}"
            taken.add(ref)
            record.ref = ref
        model._base_manager.bulk_update(missing, ["ref"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("activities", "0010_review")]

    operations = [
        migrations.AddField(
            model_name="mediareport",
            name="ref",
            field=models.CharField(blank=True, max_length=40, verbose_name="ref"),
        ),
        migrations.AddConstraint(
            model_name="mediareport",
            constraint=models.UniqueConstraint(
                condition=~Q(ref=""), fields=("ref",), name="media_report_unique_ref"
            ),
        ),
        migrations.RunPython(give_refs, migrations.RunPython.noop),
    ]
