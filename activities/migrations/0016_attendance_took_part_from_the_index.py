"""Attendance read by (representative, status, activity): whether a deputy took part in
an activity of a campaign, a group or a period (`took_part_where`, which every figure of
the dashboards and the archive asks) comes from the index alone, where SQLite read the
table's row for each of the deputy's attendance rows to find its activity. It replaces
the index of (representative, status), so the imports write no more indexes than before;
the representative's own index went in 0013 (this one begins with it too).

SQLite gathers its statistics again, as in 0015."""

from django.db import migrations, models


def statistics(apps, schema_editor):
    from activities.planner import refresh_statistics

    refresh_statistics(schema_editor.connection.alias)  # SQLite only


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0015_attendance_by_activity_and_status"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["representative", "status", "activity"],
                name="attendance_rep_status_act_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="attendance", name="attendance_rep_status_idx"),
        migrations.RunPython(statistics, migrations.RunPython.noop),
    ]
