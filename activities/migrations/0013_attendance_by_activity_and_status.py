"""Attendance read by (activity, status): each activity's count of its checklist taking
part comes from the index alone (dashboards.period_figures). The index of the activity
alone goes: the new one and the unique (activity, representative) both begin with it,
so the imports write as many indexes as before.

The activity's own index is dropped by its name (the one Django gave it in 0001, the same
on SQLite and PostgreSQL) rather than by altering the field, which on SQLite would copy
the whole attendance table into a new one. SQLite then gathers its statistics again:
without them for the new index it would plan as if it knew none (activities/planner.py)."""

import django.db.models.deletion
from django.db import migrations, models

ACTIVITY_INDEX = "activities_attendance_activity_id_ad04772e"


def statistics(apps, schema_editor):
    from activities.planner import refresh_statistics

    refresh_statistics(schema_editor.connection.alias)  # SQLite only


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0012_list_pages_indexes"),
        ("representatives", "0011_list_pages_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["activity", "status"], name="attendance_activity_status_idx"
            ),
        ),
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
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {ACTIVITY_INDEX}",
                    reverse_sql=f"CREATE INDEX {ACTIVITY_INDEX} ON activities_attendance (activity_id)",
                ),
            ],
        ),
        migrations.RunPython(statistics, migrations.RunPython.noop),
    ]
