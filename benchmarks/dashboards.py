"""Benchmark: the campaign figures and the dashboards' queries on province-sized data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianluo_bench \\
        .venv/bin/python benchmarks/dashboards.py --groups 10000 --activities 120000

It migrates and empties the database, builds GROUPS groups of 13 members (a leader in
one group of 40), a year of ACTIVITIES activities with their attendance (about 12 rows
each) and a problem every other activity, all in one campaign, then times each figure.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from activities.dashboards import (  # noqa: E402
    activities_by_city,
    activities_by_month,
    area_rows,
    group_rows,
    leader_rows,
    period_figures,
)
from activities.figures import campaign_figures  # noqa: E402
from activities.models import Activity, Attendance, Campaign, ContactTally, Problem  # noqa: E402
from representatives.models import Area, Group, Membership, Representative  # noqa: E402

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def build(groups, activities):
    rng = random.Random(1)
    province = Area.objects.create(name="湖南省", kind="province")
    cities = [Area.objects.create(name=f"市{i}", kind="city", parent=province) for i in range(14)]
    group_list = Group.objects.bulk_create(
        Group(name=f"第{i}代表小组", area=cities[i % 14]) for i in range(groups)
    )
    people = Representative.objects.bulk_create(
        Representative(code=f"R{i:07d}", name=f"代表{i}", is_provincial_leader=i % 520 == 0)
        for i in range(groups * 13)
    )
    Membership.objects.bulk_create(
        Membership(representative=person, group=group_list[i // 13])
        for i, person in enumerate(people)
    )
    campaign = Campaign.objects.create(title="全年活动", slug="year", start=START, end=END)
    campaign.leaders.set([p for p in people if p.is_provincial_leader])
    batch = 20_000
    for first in range(0, activities, batch):
        made = Activity.objects.bulk_create(
            Activity(
                ref=f"A{i:07d}", campaign=campaign, title="活动", mode="own_group",
                date=START + datetime.timedelta(days=rng.randrange(365)),
            )
            for i in range(first, min(first + batch, activities))
        )  # fmt: skip
        links, rows, problems = [], [], []
        for activity in made:
            g = rng.randrange(groups)
            links.append(Activity.groups.through(activity=activity, group=group_list[g]))
            for person in people[g * 13 : g * 13 + 12]:
                status = "present" if rng.random() < 0.85 else "absent"
                rows.append(Attendance(activity=activity, representative=person, status=status))
            if rng.random() < 0.5:
                problems.append(Problem(activity=activity, title="问题", status="resolved"))
        Activity.groups.through.objects.bulk_create(links)
        Attendance.objects.bulk_create(rows, batch_size=5000)
        Problem.objects.bulk_create(problems)
    for city in cities:
        ContactTally.objects.create(
            area=city, campaign=campaign, start=START, end=END, person_times=1000
        )
    return campaign


def timed(label, function):
    started = time.perf_counter()
    function()
    print(f"{label}: {(time.perf_counter() - started) * 1000:,.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=120_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    campaign = build(args.groups, args.activities)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {Activity.objects.count():,} activities, "
        f"{Attendance.objects.count():,} attendance rows, {Representative.objects.count():,} "
        f"people, built in {time.perf_counter() - started:.0f} s"
    )
    activities = Activity.objects.all()
    timed("campaign figures (report contract)", lambda: campaign_figures(campaign))
    timed("leader table", lambda: leader_rows(campaign))
    timed("group table", lambda: group_rows(campaign))
    timed("area table", lambda: area_rows(campaign))
    timed("activities by month", lambda: activities_by_month(campaign.activities.all()))
    timed("activities by city", lambda: activities_by_city(campaign.activities.all()))
    timed(
        "overview period figures",
        lambda: period_figures(activities, ContactTally.objects.all(), START, END),
    )


if __name__ == "__main__":
    main()
