"""Fill an empty database with a made-up office of a given size (ledgers/generating.py).

    python manage.py generate_data --scale county|city|province|term [--seed N] [--dry-run]

For measuring the app at the size of a county's, a city's or a province's office
(benchmarks/, docs/PERFORMANCE.md). It refuses a database that already holds people,
groups, activities, campaigns or terms: the generated office is the same for a seed only
on an empty one, and mixing it into an office's data would make neither trustworthy.
On PostgreSQL the rows go in with COPY: a term (about 14 million rows) takes about half
an hour on a busy 2-core machine, a province five minutes
(docs/performance/generation-and-load.md).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from activities.caching import figures_changed
from activities.planner import refresh_statistics
from ledgers.generating import HIDDEN_SCALES, SCALES, generate, is_empty, violations


class Command(BaseCommand):
    help = "Fill an empty database with a made-up office of a county, city or province."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=[*SCALES, *HIDDEN_SCALES],
            required=True,
            help="county, city, province, or term (a province's five years)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the rows it would write; write none"
        )
        parser.add_argument(
            "--check", action="store_true", help="then check the app's rules on what it wrote"
        )

    def handle(self, *args, scale, seed, dry_run, check, **options):
        if not is_empty():
            raise CommandError(
                "The database already holds an office (people, groups, activities, campaigns "
                "or terms): generate_data fills an empty one. Empty it first "
                "(manage.py flush), or name another database in DATABASE_URL."
            )
        started = time.perf_counter()
        counts = generate(scale, seed, dry_run=dry_run)
        if not dry_run:
            figures_changed()  # bulk writes send no signal: no figure kept before stands
            refresh_statistics()  # SQLite plans from them (activities/planner.py)
        seconds = time.perf_counter() - started
        width = max(map(len, counts))
        for label, n in counts.items():
            self.stdout.write(f"{label:<{width}}  {n:>12,}")
        total = sum(counts.values())
        said = "would write" if dry_run else "written"
        self.stdout.write(f"{total:,} rows {said} ({scale}, seed {seed}) in {seconds:.1f} s")
        if check and not dry_run:
            broken = violations()
            for rule, n in broken:
                self.stderr.write(f"{n:,} × {rule}")
            if broken:
                raise CommandError("The generated data breaks the rules above.")
            self.stdout.write("The app's rules hold.")
