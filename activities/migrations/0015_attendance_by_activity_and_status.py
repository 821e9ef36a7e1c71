"""Attendance read by (activity, status): each activity's count of its checklist taking
part comes from the index alone (dashboards.period_figures). The activity's own index went
in 0013 (the new one and the unique (activity, representative) both begin with it).

SQLite then gathers its statistics again: without them for the new index it would plan as
if it knew none (activities/planner.py)."""

from django.db import migrations, models


def statistics(apps, schema_editor):
    from activities.planner import refresh_statistics

    refresh_statistics(schema_editor.connection.alias)  # SQLite only


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0014_upload_queue_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["activity", "status"], name="attendance_activity_status_idx"
            ),
        ),
        migrations.RunPython(statistics, migrations.RunPython.noop),
    ]
