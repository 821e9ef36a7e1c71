"""SQLite plans a query from the statistics ANALYZE keeps (sqlite_stat1); without them it
takes every index for as selective as any other, and the leader table of a city read
every activity of the campaign once per leader: 0.5–2 s, where 2 ms with statistics
(docs/performance/dashboards.md). PostgreSQL's autovacuum keeps its own.

The statistics are gathered when a database has none yet (at its first connection), and
again after the bulk writes that change its size most: `generate_data` and every import.
"""

from django.db import connections

# ANALYZE reads this many rows of each index (SQLite ≥ 3.32): a province's database in a
# fraction of a second, and statistics as good for choosing an index.
ANALYSIS_LIMIT = 1000


def _analyze(execute):
    execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    execute("ANALYZE")


def refresh_statistics(using="default"):
    """Gather the planner's statistics again (SQLite; nothing on PostgreSQL)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _analyze(cursor.execute)


def statistics_when_none(sender, connection, **kwargs):
    """At a new SQLite connection, gather the statistics if the database holds none (the
    raw connection: not one of the page's queries)."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    if raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
        _analyze(raw.execute)
