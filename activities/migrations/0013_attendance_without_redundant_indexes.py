"""Attendance keeps no index of its own on activity_id nor on representative_id: the
unique (activity, representative) and (representative, status) indexes begin with them
and serve every query that reads by either. Each attendance row written (an import's
tens of thousands, issue 16) updated two more indexes for nothing.

The indexes are dropped by name rather than through AlterField, which on PostgreSQL would
drop and re-add each foreign key and check it again over every attendance row."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "activities_attendance_activity_id_ad04772e": "activity_id",
    "activities_attendance_representative_id_eb66f4e1": "representative_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0012_list_pages_indexes"),
        ("representatives", "0011_list_pages_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="attendance",
                    name="activity",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendance",
                        to="activities.activity",
                        verbose_name="activity",
                    ),
                ),
                migrations.AlterField(
                    model_name="attendance",
                    name="representative",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attendance",
                        to="representatives.representative",
                        verbose_name="representative",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "activities_attendance" ("{column}")',
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
