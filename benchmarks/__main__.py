"""One benchmark of the pages issue 16 lists, on the database DATABASE_URL names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianluo_bench \\
        .venv/bin/python -m benchmarks [--only campaign overview …] [--repeat 5]

Fill the database first (`manage.py generate_data --scale county|city|province|term`).
Each case runs `--repeat` times, timed (median and p95), then once more with
tracemalloc on for its peak memory and with its SQL queries counted (that run is not
timed: tracemalloc slows Python down). Pages go through Django's test client as a
signed-in superuser (`benchmark`, created if missing). For the campaign figures, the
leader table and the overview figures, a hand-written SQL over the same tables is timed
beside them and checked to give the same numbers; the ratio is ORM / SQL. Writes (the
imports, registering an activity, the downloads' history) are rolled back after each run,
so the database is left as it was (but for the `benchmark` user).

The older single-purpose scripts (dashboards.py, roster_import.py, activities_import.py)
build their own data and still run on their own.
"""

import argparse
import contextlib
import csv
import datetime
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from benchmarks import handwritten  # noqa: E402

QUICK_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Rollback(Exception):
    """Raised to undo what a case wrote."""


def undone(function):
    """`function` run inside a transaction rolled back after it."""

    def run():
        try:
            with transaction.atomic():
                result = function()
                raise Rollback
        except Rollback:
            pass
        return result

    return run


class World:
    """What the cases read: the superuser's client, a campaign, an area, a deputy, a group."""

    def __init__(self):
        from activities.models import Activity, Campaign
        from representatives.models import Area, Group, Membership

        User = get_user_model()
        self.user, _ = User.objects.get_or_create(
            username="benchmark", defaults={"is_superuser": True, "is_staff": True}
        )
        if not self.user.is_superuser:
            raise SystemExit("The user `benchmark` exists and is not a superuser.")
        self.client = Client(HTTP_HOST="localhost")
        self.client.force_login(self.user)
        self.campaign = (
            Campaign.objects.filter(slug__startswith="contact-").order_by("-start").first()
            or Campaign.objects.order_by("-start").first()
        )
        if self.campaign is None or not Activity.objects.exists():
            raise SystemExit("The database is empty: run manage.py generate_data first.")
        self.leader = self.campaign.leaders.order_by("pk").first()
        membership = Membership.objects.filter(representative=self.leader).order_by("pk").first()
        self.group = membership.group if membership else Group.objects.order_by("pk").first()
        area = self.group.area
        self.area = area.parent if area.parent and area.parent.kind == Area.Kind.CITY else area
        self.day = self.campaign.start + datetime.timedelta(days=10)
        self.members = list(
            Membership.objects.active_on(self.day)
            .filter(group=self.group)
            .values_list("representative_id", flat=True)
        )


def page(world, url, method="get", data=None, expect=(200,)):
    def run():
        response = getattr(world.client, method)(url, data)
        if response.status_code not in expect:
            raise SystemExit(f"{method.upper()} {url}: {response.status_code}")
        return response

    return run


def download(world, url):
    """A download through the page, read to its end; the time to the first chunk kept."""

    def run():
        started = time.perf_counter()
        response = world.client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
        chunks = iter(response.streaming_content)
        size = len(next(chunks, b""))
        world.first_bytes.append(time.perf_counter() - started)
        for chunk in chunks:
            size += len(chunk)
        response.close()
        return size

    return lambda: override_settings(LEDGER_EXPORT_INLINE_ROWS=10**9)(undone(run))()


def import_file(world, kind, rows_limit):
    """Import a `kind` ledger of new records made from the office's own (new card numbers
    or refs, the same groups, campaigns and attendees), `rows_limit` rows at most."""
    from activities.models import Activity
    from ledgers.exports import ledger
    from lianluo.spreadsheets import write_xlsx
    from representatives.models import Representative

    folder = Path(tempfile.mkdtemp(prefix="lianluo-bench-"))
    written = []

    def renamed(rows):
        """The rows with new keys (card number, ref), `rows_limit` of them."""
        for row in rows:
            if len(written) >= rows_limit:
                return
            written.append(1)
            yield [f"X{row[0]}", *row[1:]]

    if kind == "roster":
        headers, rows = ledger("roster", Representative.objects.order_by("pk"))
        path = folder / "roster.xlsx"
        write_xlsx(headers, renamed(rows), path)
    else:
        year = world.campaign.start.year
        records = Activity.objects.filter(date__year=year).order_by("pk")[:rows_limit]
        headers, rows = ledger("activities", records)
        path = folder / "activities.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(renamed(rows))
    world.import_rows = len(written)

    def run():
        import io

        call_command("import_records", kind, str(path), stdout=io.StringIO())

    return undone(run)


def cases(world, options):
    """{name: (what, run, hand-written SQL or None)}, in the issue's order."""
    from archives.figures import archive

    campaign, leader, group = world.campaign, world.leader, world.group
    slug = campaign.slug
    archive_url = f"/representatives/{leader.pk}/"
    post = {
        "campaign": campaign.pk,
        "date": world.day.isoformat(),
        "title": "基准测试登记的活动",
        "place": "代表联络站",
        "mode": "own_group",
        "groups": [group.pk],
        "version": 0,
        "save": "1",
        **{f"status_{pk}": "present" for pk in world.members},
    }

    def register():
        response = world.client.post("/activities/new/", post | {"submission": str(uuid.uuid4())})
        if response.status_code != 302:
            errors = response.context and response.context["form"].errors
            raise SystemExit(f"POST /activities/new/: {response.status_code} {errors}")

    return {
        "campaign": (f"campaign dashboard /campaigns/{slug}/", page(world, f"/campaigns/{slug}/"),
                     None),
        "campaign-figures": ("campaign figures (report contract)",
                             lambda: handwritten.figures_of(campaign),
                             lambda: handwritten.campaign_figures_sql(campaign)),
        "leader-table": ("leader table", lambda: handwritten.leader_table(campaign),
                         lambda: handwritten.leader_table_sql(campaign)),
        "overview": ("overview /overview/", page(world, "/overview/"), None),
        "overview-figures": ("overview figures (period beside the year before)",
                             lambda: handwritten.overview_figures(campaign.start.year),
                             lambda: handwritten.overview_figures_sql(campaign.start.year)),
        "area": (f"area page /areas/{world.area.pk}/ ({world.area.name})",
                 page(world, f"/areas/{world.area.pk}/"), None),
        "archive": (f"deputy's archive {archive_url}", page(world, archive_url), None),
        "archive-figures": ("archives.figures.archive() of that deputy, this term",
                            lambda: archive(leader, *handwritten.year(campaign.start.year)), None),
        "group": (f"group page /groups/{group.pk}/", page(world, f"/groups/{group.pk}/"), None),
        "activities-1": ("activity list, page 1", page(world, "/activities/"), None),
        "activities-500": ("activity list, page 500", page(world, "/activities/?page=500"),
                           None),
        "activities-group": (f"activity list of one group ?group={group.pk}",
                             page(world, f"/activities/?group={group.pk}"), None),
        "activities-area": (f"activity list of one area ?area={world.area.pk}",
                            page(world, f"/activities/?area={world.area.pk}"), None),
        "representatives": ("representatives list /representatives/",
                            page(world, "/representatives/"), None),
        "representatives-500": ("representatives list, page 500",
                                page(world, "/representatives/?page=500"), None),
        "problems": ("problem list /problems/", page(world, "/problems/"), None),
        "problems-500": ("problem list, page 500", page(world, "/problems/?page=500"), None),
        "outputs": ("outputs list /outputs/", page(world, "/outputs/"), None),
        "review": ("review queue /review/", page(world, "/review/"), None),
        "review-50": ("review queue, page 50", page(world, "/review/?page=50"), None),
        "review-5000": ("review queue, page 5,000 (past a smaller backlog's end: its last)",
                        page(world, "/review/?page=5000"), None),
        "export-csv": ("export of every activity with its attendance, CSV",
                       download(world, "/exports/activities.csv"), None),
        "export-xlsx": ("export of every activity with its attendance, XLSX",
                        download(world, "/exports/activities.xlsx"), None),
        "import-roster": ("import the roster (import_records roster, .xlsx)",
                          lambda: import_file(world, "roster", options.roster_rows), None),
        "import-activities": ("import a year of activities (import_records activities, .csv)",
                              lambda: import_file(world, "activities", options.activity_rows),
                              None),
        "register": ("register an activity (POST /activities/new/)", undone(register), None),
    }  # fmt: skip


PREPARED = {"import-roster", "import-activities"}  # their function returns the run
HEAVY = {"export-csv", "export-xlsx", *PREPARED}  # timed --repeat-heavy times


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(run, repeat, memory=True, cpu=None):
    times = []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - used)
    peak = queries = None
    if memory:
        with CaptureQueriesContext(connection) as captured:
            tracemalloc.start()
            run()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        queries = len(captured)
    return times, queries, peak


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", nargs="+", metavar="CASE", help="these cases (see --list)")
    parser.add_argument("--skip", nargs="+", metavar="CASE", default=[], help="not these")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each case")
    parser.add_argument("--repeat-heavy", type=int, default=2,
                        help="timed runs of the exports and imports")  # fmt: skip
    parser.add_argument("--list", action="store_true", help="name the cases and stop")
    parser.add_argument("--roster-rows", type=int, default=200_000,
                        help="rows of the roster imported (default: all of it)")  # fmt: skip
    parser.add_argument("--activity-rows", type=int, default=5_000,
                        help="activities of a year imported (default 5,000)")  # fmt: skip
    parser.add_argument("--figures", choices=["as-set", "warm", "cold", "stale"],
                        default="as-set",
                        help="the figures' cache (activities/caching.py): as the settings "
                        "keep it (the first run fills it), warm (filled by an untimed run "
                        "first), cold (emptied before each run: the live queries) or stale "
                        "(filled, then a write before each run: a dashboard serves its slow "
                        "figures as kept while a thread refreshes them)")  # fmt: skip
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the run that counts queries and peak memory")  # fmt: skip
    parser.add_argument("--cpu", action="store_true",
                        help="also the median CPU time of this process (on SQLite the "
                        "database's work too: the time on a core of its own, whatever "
                        "else the machine runs)")  # fmt: skip
    options = parser.parse_args(argv)
    with contextlib.suppress(RuntimeError):  # already set up when run from the suite
        setup_test_environment()  # the test client's context, as in the suite
    logging.disable(logging.INFO)  # each download's line in the log: not what is measured
    hosts = [*settings.ALLOWED_HOSTS, "localhost"]
    try:
        with override_settings(TASKS=QUICK_TASKS, ALLOWED_HOSTS=hosts):
            run_cases(parser, options)
    finally:
        logging.disable(logging.NOTSET)


def run_cases(parser, options):
    world = World()
    table = cases(world, options)
    if options.list:
        for name, (what, *_) in table.items():
            print(f"{name:18} {what}")
        return
    chosen = options.only or list(table)
    unknown = set(chosen) - set(table)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))} (see --list)")
    print(f"{connection.vendor}, {handwritten.dataset()}; campaign {world.campaign.slug}, "
          f"repeat {options.repeat}")  # fmt: skip
    print(this_machine())
    print(f"{'case':18} {'median':>9} {'p95':>9} {'queries':>7} {'peak mem':>9}  notes")
    for name in chosen:
        if name not in options.skip:
            print(run_case(world, name, *table[name], options), flush=True)


def this_machine():
    """The machine's cores, load and speed at a fixed piece of Python (the best of five):
    the same kind of machine has run the same pages twice as slow on one day as on
    another, so figures compared across runs name it."""
    import timeit

    loop = min(timeit.repeat("sum(range(1000))", number=20_000, repeat=5))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores, load average {load}; "
        f"reference loop (sum(range(1000)) × 20,000) {loop * 1000:.0f} ms"
    )


def emptied_first(run):
    """`run` with the figures' cache emptied before it."""
    from django.core.cache import caches

    def cold():
        caches["figures"].clear()
        return run()

    return cold


def written_first(run):
    """`run` after a write (the figures' version moved on, as by a record saved)."""
    from activities.caching import figures_changed

    def stale():
        figures_changed()
        return run()

    return stale


def run_case(world, name, what, run, sql, options):
    """One line of the table: the case's times, queries, memory and notes."""
    world.first_bytes, world.import_rows = [], None
    if name in PREPARED:
        run = run()
    if options.figures in ("warm", "stale"):
        run()
    if options.figures == "cold":
        run = emptied_first(run)
    elif options.figures == "stale":
        run = written_first(run)
    rows_imported = world.import_rows
    repeat = min(options.repeat, options.repeat_heavy) if name in HEAVY else options.repeat
    cpu = [] if options.cpu else None
    times, queries, peak = measure(run, repeat, not options.no_memory, cpu)
    notes = [what]
    median = statistics.median(times)
    if cpu:
        notes.append(f"CPU {ms(statistics.median(cpu))}")
    if sql is not None:
        ours, theirs = run(), sql()
        if ours != theirs:
            notes.append(f"NOT THE SAME NUMBERS: {ours} != {theirs}")
        sql_times, *_ = measure(sql, repeat, memory=False)
        sql_median = statistics.median(sql_times)
        notes.append(f"hand-written SQL {ms(sql_median)}, ratio {median / sql_median:.1f}×")
    if world.first_bytes:  # of the timed runs, not the one under tracemalloc
        notes.append(f"first byte {ms(statistics.median(world.first_bytes[:repeat]))}")
    if rows_imported:
        notes.append(f"{rows_imported:,} rows, {rows_imported / median:,.0f} rows/s")
    memory = f"{peak / 2**20:,.1f} MB" if peak is not None else "–"
    queries = queries if queries is not None else "–"
    return (f"{name:18} {ms(median):>9} {ms(percentile(times, 0.95)):>9} {queries:>7} "
            f"{memory:>9}  {'; '.join(notes)}")  # fmt: skip


if __name__ == "__main__":
    main()
