"""The bulletin and its distribution lists move to the `bulletins` app.

State only: the tables stay where they are (`activities_bulletin`,
`activities_distributionlist`), and `bulletins.0001_initial` takes them over by
`db_table`. Nothing in the database changes here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_campaign_slug_in_url"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="bulletin", name="campaign"),
                migrations.RemoveField(model_name="bulletin", name="revises"),
                migrations.DeleteModel(name="DistributionList"),
                migrations.DeleteModel(name="Bulletin"),
            ],
            database_operations=[],
        ),
    ]
